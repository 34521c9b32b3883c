/**
 * End-of-life dates of the release lines of common base images, for rule DF004.
 *
 * Source: the endoflife.date project (https://endoflife.date, MIT licence), repository
 * github.com/endoflife-date/endoflife.date at commit a70eca337600e7d721dc48112c271f98661d208b
 * (2026-08-22), files products/<product>.md, front matter `releases:` (`releaseCycle`, `releaseDate`,
 * `eol`, `eoes`, `codename`). Those front matters are kept verbatim, with the licence, in
 * test/dockerfile/fixtures/endoflife-date/, and test/dockerfile/DF004-eol-base-image.test.ts checks
 * every row below against them; update both together (and COMPILED) when refreshing.
 *
 * Per product: golang <- go.md, node <- nodejs.md, python <- python.md, eclipse-temurin <-
 * eclipse-temurin.md, alpine <- alpine-linux.md, ubuntu <- ubuntu.md (`eol`, the end of standard
 * "Maintenance & Security Support"; Ubuntu Pro/ESM is not in the Docker images), debian <- debian.md
 * (`eoes`, the end of Debian LTS, which the debian images keep receiving; not Freexian ELTS), nginx <-
 * nginx.md. Aliases are the source's `codename` (Debian, Ubuntu) or, for Node.js, the LTS codenames of
 * github.com/nodejs/Release schedule.json.
 *
 * `released` is the source's `releaseDate` (the first release of the line: for eclipse-temurin the
 * first Temurin build of the line, not the JDK's GA), so that a check as of an earlier date does not
 * name a later line. `eol` is the source's end date; DF004 treats a line as end-of-life from that day
 * on. Where the source says `eol: false` (no date announced yet: Go and nginx, whose lines end when
 * the release two lines later ships), the row carries a projection, releaseDate + 1 year (two
 * releases a year), marked "projected"; it is after COMPILED, as the source requires. Dates after
 * COMPILED are the published schedule at that time and may move.
 *
 * openjdk is not in endoflife.date as a Docker image: see its own comment.
 *
 * Versions older than the oldest listed line are end-of-life as well (`olderThanListed`); within the
 * listed range every line the source has is listed.
 */
/** The snapshot date of the data (the endoflife.date commit above). */
export const COMPILED = '2026-08-22';

/** `released`: the general-availability date of the line, so that a check as of an earlier date does not name a later line. */
export interface EolLine { cycle: string; released: string; eol: string; aliases?: string[] }
export interface EolProduct {
  /** Image repository names (Docker Hub official images and common mirrors). */
  images: string[];
  label: string;
  lines: EolLine[];
  /** Versions older than every listed line are also end-of-life. */
  olderThanListed: boolean;
  /** How the release line is read from a tag: 'major' (18), 'minor' (3.11), or 'codename'. */
  granularity: 'major' | 'minor';
}

export const EOL_PRODUCTS: Record<string, EolProduct> = {
  golang: {
    images: ['golang'], label: 'Go', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '1.16', released: '2021-02-16', eol: '2022-03-15' },
      { cycle: '1.17', released: '2021-08-16', eol: '2022-08-02' },
      { cycle: '1.18', released: '2022-03-15', eol: '2023-02-01' },
      { cycle: '1.19', released: '2022-08-02', eol: '2023-09-06' },
      { cycle: '1.20', released: '2023-02-01', eol: '2024-02-06' },
      { cycle: '1.21', released: '2023-08-08', eol: '2024-08-13' },
      { cycle: '1.22', released: '2024-02-06', eol: '2025-02-11' },
      { cycle: '1.23', released: '2024-08-13', eol: '2025-08-12' },
      { cycle: '1.24', released: '2025-02-11', eol: '2026-02-10' },
      { cycle: '1.25', released: '2025-08-12', eol: '2026-08-19' },
      { cycle: '1.26', released: '2026-02-10', eol: '2027-02-10' }, // projected: the source says `eol: false`
      { cycle: '1.27', released: '2026-08-19', eol: '2027-08-19' }, // projected: the source says `eol: false`
    ],
  },
  node: {
    images: ['node'], label: 'Node.js', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '10', released: '2018-04-24', eol: '2021-04-30', aliases: ['dubnium'] },
      { cycle: '11', released: '2018-10-23', eol: '2019-06-30' },
      { cycle: '12', released: '2019-04-23', eol: '2022-04-30', aliases: ['erbium'] },
      { cycle: '13', released: '2019-10-22', eol: '2020-06-01' },
      { cycle: '14', released: '2020-04-21', eol: '2023-04-30', aliases: ['fermium'] },
      { cycle: '15', released: '2020-10-20', eol: '2021-06-01' },
      { cycle: '16', released: '2021-04-20', eol: '2023-09-11', aliases: ['gallium'] },
      { cycle: '17', released: '2021-10-19', eol: '2022-06-01' },
      { cycle: '18', released: '2022-04-19', eol: '2025-04-30', aliases: ['hydrogen'] },
      { cycle: '19', released: '2022-10-18', eol: '2023-06-01' },
      { cycle: '20', released: '2023-04-18', eol: '2026-04-30', aliases: ['iron'] },
      { cycle: '21', released: '2023-10-17', eol: '2024-06-01' },
      { cycle: '22', released: '2024-04-24', eol: '2027-04-30', aliases: ['jod'] },
      { cycle: '23', released: '2024-10-16', eol: '2025-06-01' },
      { cycle: '24', released: '2025-05-06', eol: '2028-04-30', aliases: ['krypton'] },
      { cycle: '25', released: '2025-10-15', eol: '2026-06-01' },
      { cycle: '26', released: '2026-05-05', eol: '2029-04-30' },
    ],
  },
  python: {
    images: ['python'], label: 'Python', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '2.7', released: '2010-07-03', eol: '2020-01-01' },
      { cycle: '3.0', released: '2008-12-03', eol: '2009-06-27' },
      { cycle: '3.1', released: '2009-06-27', eol: '2012-04-09' },
      { cycle: '3.2', released: '2011-02-20', eol: '2016-02-20' },
      { cycle: '3.3', released: '2012-09-29', eol: '2017-09-29' },
      { cycle: '3.4', released: '2014-03-16', eol: '2019-03-18' },
      { cycle: '3.5', released: '2015-09-13', eol: '2020-09-30' },
      { cycle: '3.6', released: '2016-12-23', eol: '2021-12-23' },
      { cycle: '3.7', released: '2018-06-27', eol: '2023-06-27' },
      { cycle: '3.8', released: '2019-10-14', eol: '2024-10-07' },
      { cycle: '3.9', released: '2020-10-05', eol: '2025-10-31' },
      { cycle: '3.10', released: '2021-10-04', eol: '2026-10-31' },
      { cycle: '3.11', released: '2022-10-24', eol: '2027-10-31' },
      { cycle: '3.12', released: '2023-10-02', eol: '2028-10-31' },
      { cycle: '3.13', released: '2024-10-07', eol: '2029-10-31' },
      { cycle: '3.14', released: '2025-10-07', eol: '2030-10-31' },
    ],
  },
  'eclipse-temurin': {
    images: ['eclipse-temurin'], label: 'Eclipse Temurin (Java)', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '8', released: '2021-07-29', eol: '2030-12-31' },
      { cycle: '11', released: '2021-08-01', eol: '2027-10-31' },
      { cycle: '16', released: '2021-07-30', eol: '2021-09-30' },
      { cycle: '17', released: '2021-09-22', eol: '2027-10-31' },
      { cycle: '18', released: '2022-03-24', eol: '2022-09-30' },
      { cycle: '19', released: '2022-09-26', eol: '2023-03-31' },
      { cycle: '20', released: '2023-03-23', eol: '2023-09-19' },
      { cycle: '21', released: '2023-10-10', eol: '2029-12-31' },
      { cycle: '22', released: '2024-03-20', eol: '2024-09-17' },
      { cycle: '23', released: '2024-09-17', eol: '2025-03-18' },
      { cycle: '24', released: '2025-03-20', eol: '2025-09-16' },
      { cycle: '25', released: '2025-09-22', eol: '2031-09-30' },
      { cycle: '26', released: '2026-03-23', eol: '2026-09-15' },
    ],
  },
  openjdk: {
    // The openjdk Docker Official Image is deprecated: since July 2022 only early-access builds are
    // published, so every GA tag stopped receiving updates.
    images: ['openjdk'], label: 'OpenJDK (deprecated Docker image)', granularity: 'major', olderThanListed: true,
    lines: [
      // Not a line's support but the image's: docker-library/docs openjdk/deprecated.md says only
      // early-access tags get updates beyond July 2022. 8 and 11 (Red Hat's upstream builds) got their
      // last update in July 2022 (8u342, 11.0.16; docker-library/official-images#12851), hence
      // 2022-08-01. 9, 10 and 12-18 were jdk.java.net builds, supported until the next GA: the `eol`
      // of endoflife.date products/openjdk-builds-from-oracle.md. From 19 on the tags only ever held
      // early-access builds and were removed when the line went GA (docker-library/openjdk#515, #523,
      // #531, #536, #540, #546, #556 and commit fe6bfe7 for 25), so they end on their GA date.
      // `released` is the JDK's GA (openjdk-builds-from-oracle.md; oracle-jdk.md for 8). 27 went GA
      // after the snapshot and is not listed.
      { cycle: '8', released: '2014-03-18', eol: '2022-08-01' },
      { cycle: '9', released: '2017-09-21', eol: '2018-03-20' },
      { cycle: '10', released: '2018-03-20', eol: '2018-09-25' },
      { cycle: '11', released: '2018-09-25', eol: '2022-08-01' },
      { cycle: '12', released: '2019-03-19', eol: '2019-09-17' },
      { cycle: '13', released: '2019-09-17', eol: '2020-03-17' },
      { cycle: '14', released: '2020-03-17', eol: '2020-09-16' },
      { cycle: '15', released: '2020-09-15', eol: '2021-03-16' },
      { cycle: '16', released: '2021-03-16', eol: '2021-09-14' },
      { cycle: '17', released: '2021-09-14', eol: '2022-03-22' },
      { cycle: '18', released: '2022-03-22', eol: '2022-09-20' },
      { cycle: '19', released: '2022-09-20', eol: '2022-09-20' },
      { cycle: '20', released: '2023-03-21', eol: '2023-03-21' },
      { cycle: '21', released: '2023-09-19', eol: '2023-09-19' },
      { cycle: '22', released: '2024-03-19', eol: '2024-03-19' },
      { cycle: '23', released: '2024-09-17', eol: '2024-09-17' },
      { cycle: '24', released: '2025-03-18', eol: '2025-03-18' },
      { cycle: '25', released: '2025-09-16', eol: '2025-09-16' },
      { cycle: '26', released: '2026-03-17', eol: '2026-03-17' },
    ],
  },
  alpine: {
    images: ['alpine'], label: 'Alpine Linux', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '3.12', released: '2020-05-29', eol: '2022-05-01' },
      { cycle: '3.13', released: '2021-01-14', eol: '2022-11-01' },
      { cycle: '3.14', released: '2021-06-15', eol: '2023-05-01' },
      { cycle: '3.15', released: '2021-11-24', eol: '2023-11-01' },
      { cycle: '3.16', released: '2022-05-23', eol: '2024-05-23' },
      { cycle: '3.17', released: '2022-11-22', eol: '2024-11-22' },
      { cycle: '3.18', released: '2023-05-09', eol: '2025-05-09' },
      { cycle: '3.19', released: '2023-12-07', eol: '2025-11-01' },
      { cycle: '3.20', released: '2024-05-22', eol: '2026-04-01' },
      { cycle: '3.21', released: '2024-12-05', eol: '2026-11-01' },
      { cycle: '3.22', released: '2025-05-30', eol: '2027-05-01' },
      { cycle: '3.23', released: '2025-12-04', eol: '2027-11-01' },
      { cycle: '3.24', released: '2026-06-09', eol: '2028-06-01' },
    ],
  },
  debian: {
    images: ['debian'], label: 'Debian', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '8', released: '2015-04-25', eol: '2020-06-30', aliases: ['jessie'] },
      { cycle: '9', released: '2017-06-17', eol: '2022-07-01', aliases: ['stretch'] },
      { cycle: '10', released: '2019-07-06', eol: '2024-06-30', aliases: ['buster'] },
      { cycle: '11', released: '2021-08-14', eol: '2026-08-31', aliases: ['bullseye'] },
      { cycle: '12', released: '2023-06-10', eol: '2028-06-30', aliases: ['bookworm'] },
      { cycle: '13', released: '2025-08-09', eol: '2030-06-30', aliases: ['trixie'] },
    ],
  },
  ubuntu: {
    images: ['ubuntu'], label: 'Ubuntu', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '14.04', released: '2014-04-17', eol: '2019-04-02', aliases: ['trusty'] },
      { cycle: '14.10', released: '2014-10-23', eol: '2015-07-23', aliases: ['utopic'] },
      { cycle: '15.04', released: '2015-04-23', eol: '2016-02-04', aliases: ['vivid'] },
      { cycle: '15.10', released: '2015-10-22', eol: '2016-07-28', aliases: ['wily'] },
      { cycle: '16.04', released: '2016-04-21', eol: '2021-04-02', aliases: ['xenial'] },
      { cycle: '16.10', released: '2016-10-13', eol: '2017-07-20', aliases: ['yakkety'] },
      { cycle: '17.04', released: '2017-04-13', eol: '2018-01-13', aliases: ['zesty'] },
      { cycle: '17.10', released: '2017-10-19', eol: '2018-07-19', aliases: ['artful'] },
      { cycle: '18.04', released: '2018-04-26', eol: '2023-05-31', aliases: ['bionic'] },
      { cycle: '18.10', released: '2018-10-18', eol: '2019-07-18', aliases: ['cosmic'] },
      { cycle: '19.04', released: '2019-04-18', eol: '2020-01-23', aliases: ['disco'] },
      { cycle: '19.10', released: '2019-10-17', eol: '2020-07-06', aliases: ['eoan'] },
      { cycle: '20.04', released: '2020-04-23', eol: '2025-05-31', aliases: ['focal'] },
      { cycle: '20.10', released: '2020-10-22', eol: '2021-07-22', aliases: ['groovy'] },
      { cycle: '21.04', released: '2021-04-22', eol: '2022-01-20', aliases: ['hirsute'] },
      { cycle: '21.10', released: '2021-10-14', eol: '2022-07-14', aliases: ['impish'] },
      { cycle: '22.04', released: '2022-04-21', eol: '2027-04-01', aliases: ['jammy'] },
      { cycle: '22.10', released: '2022-10-20', eol: '2023-07-20', aliases: ['kinetic'] },
      { cycle: '23.04', released: '2023-04-20', eol: '2024-01-20', aliases: ['lunar'] },
      { cycle: '23.10', released: '2023-10-12', eol: '2024-07-12', aliases: ['mantic'] },
      { cycle: '24.04', released: '2024-04-25', eol: '2029-05-31', aliases: ['noble'] },
      { cycle: '24.10', released: '2024-10-10', eol: '2025-07-10', aliases: ['oracular'] },
      { cycle: '25.04', released: '2025-04-17', eol: '2026-01-17', aliases: ['plucky'] },
      { cycle: '25.10', released: '2025-10-09', eol: '2026-07-01', aliases: ['questing'] },
      { cycle: '26.04', released: '2026-04-23', eol: '2031-04-30', aliases: ['resolute'] },
    ],
  },
  nginx: {
    images: ['nginx', 'nginxinc/nginx-unprivileged'], label: 'nginx', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '1.18', released: '2020-04-21', eol: '2021-04-20' },
      { cycle: '1.19', released: '2020-05-26', eol: '2021-05-25' },
      { cycle: '1.20', released: '2021-04-20', eol: '2022-05-24' },
      { cycle: '1.21', released: '2021-05-25', eol: '2022-06-21' },
      { cycle: '1.22', released: '2022-05-24', eol: '2023-04-11' },
      { cycle: '1.23', released: '2022-06-21', eol: '2023-05-23' },
      { cycle: '1.24', released: '2023-04-11', eol: '2024-04-23' },
      { cycle: '1.25', released: '2023-05-23', eol: '2024-05-29' },
      { cycle: '1.26', released: '2024-04-23', eol: '2025-04-23' },
      { cycle: '1.27', released: '2024-05-28', eol: '2025-06-24' },
      { cycle: '1.28', released: '2025-04-23', eol: '2026-04-14' },
      { cycle: '1.29', released: '2025-06-24', eol: '2026-05-13' },
      { cycle: '1.30', released: '2026-04-14', eol: '2027-04-14' }, // projected: the source says `eol: false`
      { cycle: '1.31', released: '2026-05-13', eol: '2027-05-13' }, // projected: the source says `eol: false`
    ],
  },
};

/** OS release lines named inside tags of other images (node:16-buster, python:3.12-alpine3.18). */
export const OS_TAG_HINTS: { re: RegExp; product: string }[] = [
  { re: /(?:^|-)alpine(3\.\d+)(?:$|[-.])/, product: 'alpine' },
  { re: /(?:^|-)(jessie|stretch|buster|bullseye|bookworm|trixie)(?:$|-)/, product: 'debian' },
  { re: /(?:^|-)(trusty|xenial|bionic|focal|jammy|noble|resolute)(?:$|-)/, product: 'ubuntu' },
];
