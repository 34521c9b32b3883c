/** Issue #20: Dockerfile rule precision on real repositories (regression tests from minimal examples). */
import { runRuleTests } from '../ruleTester';

const file = 'Dockerfile';
const F = 'FROM debian:13\n';

runRuleTests('DF020', {
  valid: [
    { name: 'apt-get dist-clean removes the lists (apt 2.7+)', file, code: F + 'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2 && apt-get dist-clean\n' },
    { name: 'apk add --no-network installs local packages and fetches no index', file, code: 'FROM alpine:3.22\nCOPY *.apk /tmp/\nRUN apk add --no-network --allow-untrusted /tmp/app.apk\n' },
  ],
  invalid: [
    {
      name: 'apt-get clean alone keeps the lists', file, code: F + 'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2 && apt-get clean\n',
      errors: [{ message: 'leaves the apt package lists in the layer', line: 2, column: 23 }],
      output: F + 'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2 && apt-get clean && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});

runRuleTests('DF012', {
  valid: [
    { name: 'a CA bundle', file, code: F + 'COPY cacert.pem /etc/ssl/certs/cacert.pem\n' },
    { name: 'a certificate chain and a .crt', file, code: F + 'COPY certs/fullchain.pem certs/server.crt /etc/nginx/\n' },
    { name: 'a public signing key', file, code: F + 'COPY nodejs.pub.asc /tmp/\n' },
  ],
  invalid: [
    { name: 'a private key next to its certificate', file, code: F + 'COPY ca-key.pem /etc/ssl/\n', errors: [{ message: 'COPY ca-key.pem copies what looks like a credential', line: 2, column: 6 }] },
    { name: 'privkey.pem', file, code: F + 'COPY privkey.pem /etc/ssl/\n', errors: [{ message: 'COPY privkey.pem copies', line: 2, column: 6 }] },
  ],
});

runRuleTests('DF014', {
  valid: [
    { name: 'chmod 777 on a temporary directory removed in the same RUN', file, code: F + 'RUN mkdir /tmp/build && chmod 777 /tmp/build && make -C /tmp/build && rm -rf /tmp/build\n' },
  ],
  invalid: [
    { name: 'a directory that stays', file, code: F + 'RUN mkdir /tmp/build /data && chmod 777 /tmp/build /data && rm -rf /tmp/build\n', errors: [{ message: 'chmod 777 makes files writable', line: 2, column: 37 }] },
    { name: 'removed before the chmod', file, code: F + 'RUN rm -rf /app/tmp && mkdir /app/tmp && chmod 777 /app/tmp\n', errors: [{ message: 'chmod 777', line: 2, column: 48 }] },
  ],
});

runRuleTests('DF010', {
  valid: [{ name: 'signed-by', file, code: F + 'RUN echo "deb [signed-by=/etc/apt/keyrings/x.gpg] https://repo.example.com stable main" > /etc/apt/sources.list.d/x.list\n' }],
  invalid: [
    {
      name: 'deb [trusted=yes] written by the RUN', file, code: F + 'RUN echo "deb [trusted=yes] http://repo.example.com/ ./" > /etc/apt/sources.list.d/x.list\n',
      errors: [{ message: "An apt source with [trusted=yes] makes apt accept that repository's packages without a valid signature", line: 2, column: 10 }],
    },
  ],
});

runRuleTests('DF008', {
  valid: [],
  invalid: [{
    name: 'ONBUILD RUN curl | sh runs in every image built from this one', file, code: F + 'ONBUILD RUN curl -fsSL https://get.example.com | sh\n',
    errors: [{ message: 'curl output is piped into sh (ONBUILD: in every image built from this one)', line: 2, column: 13 }],
  }],
});

runRuleTests('DF026', {
  valid: [
    { name: 'SHELL with pipefail', file, code: F + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/t.tgz | tar -xz\n' },
    { name: 'SHELL with -eo pipefail in the parent stage', file, code: 'FROM alpine:3.22 AS base\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nFROM base\nRUN wget -qO- https://example.com/t.tgz | tar -xz\n' },
    { name: 'set -o pipefail in the RUN', file, code: F + 'RUN set -o pipefail && curl -fsSL https://example.com/t.tgz | tar -xz\n' },
    { name: 'no pipe', file, code: F + 'RUN curl -fsSLo /tmp/t.tgz https://example.com/t.tgz && tar -xzf /tmp/t.tgz\n' },
  ],
  invalid: [
    { name: 'a pipe with the default shell', file, code: F + 'RUN curl -fsSL https://example.com/t.tgz | tar -xz\n', errors: [{ message: 'This RUN pipes curl into tar without pipefail', line: 2, column: 5, endLine: 2, endColumn: 47 }] },
    { name: 'SHELL without pipefail', file, code: F + 'SHELL ["/bin/bash", "-c"]\nRUN cat /etc/os-release | grep ID\n', errors: [{ message: 'pipes cat into grep', line: 3, column: 5 }] },
  ],
});

runRuleTests('DF027', {
  valid: [
    { name: 'an artifact', file, code: 'FROM golang:1.23 AS build\nRUN go build -o /out/server .\nFROM gcr.io/distroless/static\nCOPY --from=build /out/server /server\n' },
    { name: 'a rootfs stage built FROM scratch', file, code: 'FROM scratch AS rootfs\nCOPY rootfs/ /\nFROM gcr.io/distroless/static\nCOPY --from=rootfs / /\n' },
  ],
  invalid: [
    { name: 'the whole build stage', file, code: 'FROM golang:1.23 AS build\nRUN go build -o /out/server .\nFROM gcr.io/distroless/static\nCOPY --from=build / /\n', errors: [{ message: "COPY --from=build / copies the whole filesystem of 'build'", line: 4, column: 19, endLine: 4, endColumn: 20 }] },
  ],
});

runRuleTests('DF028', {
  valid: [{ file, code: F + 'WORKDIR /app\n' }, { name: 'the root directory', file, code: F + 'WORKDIR /\n' }],
  invalid: [{ file, code: F + 'ARG BIN=/usr/bin\nWORKDIR ${BIN}\nCOPY . .\n', errors: [{ message: 'WORKDIR /usr/bin is a system directory', line: 3, column: 9 }] }],
});

runRuleTests('DF004', {
  valid: [],
  invalid: [
    {
      name: 'the newest supported line follows --as-of: on 2025-05-01 Node.js 24 and 26 were not released, 22 was', file, code: 'FROM node:18-alpine\n', settings: { today: '2025-05-01' },
      errors: [{ message: 'Node.js 18 reached end of life on 2025-04-30 (newest supported line: 22)', line: 1, column: 6 }],
    },
    {
      name: 'on 2026-05-01 26 was not released yet (2026-05-05), 24 was', file, code: 'FROM node:18-alpine\n', settings: { today: '2026-05-01' },
      errors: [{ message: '(newest supported line: 24)', line: 1, column: 6 }],
    },
    {
      name: 'on 2026-05-05 26 was', file, code: 'FROM node:18-alpine\n', settings: { today: '2026-05-05' },
      errors: [{ message: '(newest supported line: 26)', line: 1, column: 6 }],
    },
  ],
});
