import type { Rule } from '../../rule';
import DF001 from './DF001-root-user';
import DF002 from './DF002-image-latest-or-untagged';
import DF003 from './DF003-image-not-pinned-by-digest';
import DF004 from './DF004-eol-base-image';
import DF005 from './DF005-sdk-image-in-final-stage';
import DF006 from './DF006-add-instead-of-copy';
import DF007 from './DF007-add-remote-without-checksum';
import DF008 from './DF008-curl-pipe-shell';
import DF009 from './DF009-tls-verification-disabled';
import DF010 from './DF010-package-signature-check-disabled';
import DF011 from './DF011-secret-in-env-or-arg';
import DF012 from './DF012-secret-file-copied';
import DF013 from './DF013-sudo-in-run';
import DF014 from './DF014-world-writable-permissions';
import DF015 from './DF015-expose-ssh';
import DF016 from './DF016-insecure-run-flags';
import DF017 from './DF017-shell-form-cmd';
import DF018 from './DF018-apt-no-install-recommends';
import DF019 from './DF019-unpinned-package-versions';
import DF020 from './DF020-package-cache-left';
import DF021 from './DF021-missing-healthcheck';
import DF022 from './DF022-relative-workdir';
import DF023 from './DF023-maintainer-deprecated';
import DF024 from './DF024-package-index-update-alone';
import DF025 from './DF025-build-time-password';
import DF026 from './DF026-pipe-without-pipefail';
import DF027 from './DF027-copy-whole-filesystem';
import DF028 from './DF028-workdir-system-directory';
import DF029 from './DF029-base-image-registry-not-trusted';

export const dockerfileRules: Rule[] = [
  DF001, DF002, DF003, DF004, DF005, DF006, DF007, DF008, DF009, DF010, DF011, DF012, DF013,
  DF014, DF015, DF016, DF017, DF018, DF019, DF020, DF021, DF022, DF023, DF024, DF025, DF026, DF027, DF028, DF029,
];
