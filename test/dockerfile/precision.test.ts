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
