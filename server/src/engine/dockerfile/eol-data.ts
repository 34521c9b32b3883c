/**
 * End-of-life dates of the release lines of common base images, for rule DF004.
 *
 * Compiled 2026-11-28 from the projects' published support schedules (Go release policy: a major
 * release is supported until two newer majors are out; Node.js release schedule; Python devguide
 * status page; Adoptium support roadmap for eclipse-temurin; the Docker Official Image deprecation
 * notice for openjdk; alpinelinux.org releases; Debian LTS/ELTS-free end dates; Ubuntu standard
 * support; nginx.org stable/mainline branch replacement). A date in the future is the published
 * schedule at compile time and may move; update this table and COMPILED when it does.
 *
 * `eol` is the first day the line is no longer supported (ISO date). Versions older than the oldest
 * listed line are end-of-life as well (`olderThanListed`).
 */
export const COMPILED = '2026-11-28';

export interface EolLine { cycle: string; eol: string; aliases?: string[] }
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
      { cycle: '1.16', eol: '2022-03-15' }, { cycle: '1.17', eol: '2022-08-02' }, { cycle: '1.18', eol: '2023-02-01' },
      { cycle: '1.19', eol: '2023-08-08' }, { cycle: '1.20', eol: '2024-02-06' }, { cycle: '1.21', eol: '2024-08-13' },
      { cycle: '1.22', eol: '2025-02-11' }, { cycle: '1.23', eol: '2025-08-12' }, { cycle: '1.24', eol: '2026-02-10' },
      { cycle: '1.25', eol: '2026-08-11' }, { cycle: '1.26', eol: '2027-02-09' }, { cycle: '1.27', eol: '2027-08-10' },
    ],
  },
  node: {
    images: ['node'], label: 'Node.js', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '10', eol: '2021-04-30', aliases: ['dubnium'] }, { cycle: '12', eol: '2022-04-30', aliases: ['erbium'] },
      { cycle: '13', eol: '2020-06-01' }, { cycle: '14', eol: '2023-04-30', aliases: ['fermium'] }, { cycle: '15', eol: '2021-06-01' },
      { cycle: '16', eol: '2023-09-11', aliases: ['gallium'] }, { cycle: '17', eol: '2022-06-01' },
      { cycle: '18', eol: '2025-04-30', aliases: ['hydrogen'] }, { cycle: '19', eol: '2023-06-01' },
      { cycle: '20', eol: '2026-04-30', aliases: ['iron'] }, { cycle: '21', eol: '2024-06-01' },
      { cycle: '22', eol: '2027-04-30', aliases: ['jod'] }, { cycle: '23', eol: '2025-06-01' },
      { cycle: '24', eol: '2028-04-30', aliases: ['krypton'] }, { cycle: '25', eol: '2026-06-01' },
      { cycle: '26', eol: '2029-04-30' },
    ],
  },
  python: {
    images: ['python'], label: 'Python', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '2.7', eol: '2020-01-01' }, { cycle: '3.5', eol: '2020-09-13' }, { cycle: '3.6', eol: '2021-12-23' },
      { cycle: '3.7', eol: '2023-06-27' }, { cycle: '3.8', eol: '2024-10-07' }, { cycle: '3.9', eol: '2025-10-31' },
      { cycle: '3.10', eol: '2026-10-31' }, { cycle: '3.11', eol: '2027-10-31' }, { cycle: '3.12', eol: '2028-10-31' },
      { cycle: '3.13', eol: '2029-10-31' }, { cycle: '3.14', eol: '2030-10-31' },
    ],
  },
  'eclipse-temurin': {
    images: ['eclipse-temurin'], label: 'Eclipse Temurin (Java)', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '8', eol: '2026-12-01' }, { cycle: '11', eol: '2027-11-01' }, { cycle: '16', eol: '2021-09-14' },
      { cycle: '17', eol: '2027-11-01' }, { cycle: '18', eol: '2022-09-20' }, { cycle: '19', eol: '2023-03-21' },
      { cycle: '20', eol: '2023-09-19' }, { cycle: '21', eol: '2030-01-01' }, { cycle: '22', eol: '2024-09-17' },
      { cycle: '23', eol: '2025-03-18' }, { cycle: '24', eol: '2025-09-16' }, { cycle: '25', eol: '2031-10-01' },
      { cycle: '26', eol: '2026-09-15' },
    ],
  },
  openjdk: {
    // The openjdk Docker Official Image is deprecated: since July 2022 only early-access builds are
    // published, so every GA tag stopped receiving updates.
    images: ['openjdk'], label: 'OpenJDK (deprecated Docker image)', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '8', eol: '2022-07-01' }, { cycle: '11', eol: '2022-07-01' }, { cycle: '17', eol: '2022-07-01' },
      { cycle: '18', eol: '2022-07-01' }, { cycle: '19', eol: '2023-03-21' }, { cycle: '20', eol: '2023-09-19' },
      { cycle: '21', eol: '2023-09-19' },
    ],
  },
  alpine: {
    images: ['alpine'], label: 'Alpine Linux', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '3.12', eol: '2022-05-01' }, { cycle: '3.13', eol: '2022-11-01' }, { cycle: '3.14', eol: '2023-05-01' },
      { cycle: '3.15', eol: '2023-11-01' }, { cycle: '3.16', eol: '2024-05-23' }, { cycle: '3.17', eol: '2024-11-22' },
      { cycle: '3.18', eol: '2025-05-09' }, { cycle: '3.19', eol: '2025-11-01' }, { cycle: '3.20', eol: '2026-04-01' },
      { cycle: '3.21', eol: '2026-11-01' }, { cycle: '3.22', eol: '2027-05-01' }, { cycle: '3.23', eol: '2027-11-01' },
    ],
  },
  debian: {
    images: ['debian'], label: 'Debian', granularity: 'major', olderThanListed: true,
    lines: [
      { cycle: '8', eol: '2020-07-01', aliases: ['jessie'] }, { cycle: '9', eol: '2022-07-01', aliases: ['stretch'] },
      { cycle: '10', eol: '2024-07-01', aliases: ['buster'] }, { cycle: '11', eol: '2026-09-01', aliases: ['bullseye'] },
      { cycle: '12', eol: '2028-07-01', aliases: ['bookworm'] }, { cycle: '13', eol: '2030-07-01', aliases: ['trixie'] },
    ],
  },
  ubuntu: {
    images: ['ubuntu'], label: 'Ubuntu', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '14.04', eol: '2019-04-25', aliases: ['trusty'] }, { cycle: '16.04', eol: '2021-04-30', aliases: ['xenial'] },
      { cycle: '18.04', eol: '2023-05-31', aliases: ['bionic'] }, { cycle: '20.04', eol: '2025-05-29', aliases: ['focal'] },
      { cycle: '20.10', eol: '2021-07-22', aliases: ['groovy'] }, { cycle: '21.04', eol: '2022-01-20', aliases: ['hirsute'] },
      { cycle: '21.10', eol: '2022-07-14', aliases: ['impish'] }, { cycle: '22.04', eol: '2027-06-01', aliases: ['jammy'] },
      { cycle: '22.10', eol: '2023-07-20', aliases: ['kinetic'] }, { cycle: '23.04', eol: '2024-01-25', aliases: ['lunar'] },
      { cycle: '23.10', eol: '2024-07-11', aliases: ['mantic'] }, { cycle: '24.04', eol: '2029-05-31', aliases: ['noble'] },
      { cycle: '24.10', eol: '2025-07-10', aliases: ['oracular'] }, { cycle: '25.04', eol: '2026-01-15', aliases: ['plucky'] },
      { cycle: '25.10', eol: '2026-07-09', aliases: ['questing'] },
    ],
  },
  nginx: {
    images: ['nginx', 'nginxinc/nginx-unprivileged'], label: 'nginx', granularity: 'minor', olderThanListed: true,
    lines: [
      { cycle: '1.18', eol: '2021-04-20' }, { cycle: '1.19', eol: '2021-05-25' }, { cycle: '1.20', eol: '2022-05-24' },
      { cycle: '1.21', eol: '2022-05-24' }, { cycle: '1.22', eol: '2023-04-11' }, { cycle: '1.23', eol: '2023-04-11' },
      { cycle: '1.24', eol: '2024-04-23' }, { cycle: '1.25', eol: '2024-04-23' }, { cycle: '1.26', eol: '2025-04-23' },
      { cycle: '1.27', eol: '2025-04-23' }, { cycle: '1.28', eol: '2026-04-14' }, { cycle: '1.29', eol: '2026-04-14' },
    ],
  },
};

/** OS release lines named inside tags of other images (node:16-buster, python:3.12-alpine3.18). */
export const OS_TAG_HINTS: { re: RegExp; product: string }[] = [
  { re: /(?:^|-)alpine(3\.\d+)(?:$|[-.])/, product: 'alpine' },
  { re: /(?:^|-)(jessie|stretch|buster|bullseye|bookworm|trixie)(?:$|-)/, product: 'debian' },
  { re: /(?:^|-)(trusty|xenial|bionic|focal|jammy|noble)(?:$|-)/, product: 'ubuntu' },
];
