import { runRuleTests } from '../ruleTester';

const file = 'Dockerfile';
const F = 'FROM alpine:3.22\n';

runRuleTests('DF006', {
  valid: [
    { name: 'COPY', file, code: F + 'COPY app/ /app/\n' },
    { name: 'local archive (ADD unpacks it)', file, code: F + 'ADD rootfs.tar.gz /\n' },
    { name: 'remote URL is DF007', file, code: F + 'ADD --checksum=sha256:abc https://example.com/x.bin /x\n' },
    { name: 'heredoc', file, code: F + 'ADD <<EOT /etc/motd\nhello\nEOT\n' },
  ],
  invalid: [
    {
      name: 'local directory', file, code: F + 'ADD --chown=app:app app/ /app/\n',
      errors: [{ message: 'ADD copies local source app/', line: 2, column: 1, endLine: 2, endColumn: 4 }],
      output: F + 'COPY --chown=app:app app/ /app/\n',
    },
    {
      name: 'lower-case keyword, JSON form, several sources', file, code: F + 'add ["a.txt", "b.txt", "/dst/"]\n',
      errors: [{ message: 'local sources a.txt, b.txt', line: 2, column: 1 }],
      output: F + 'copy ["a.txt", "b.txt", "/dst/"]\n',
    },
  ],
});

runRuleTests('DF007', {
  valid: [
    { name: 'with checksum', file, code: F + 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/\n' },
    { name: 'local', file, code: F + 'ADD tool.tar.gz /tmp/\n' },
  ],
  invalid: [
    {
      name: 'URL without checksum', file, code: F + 'ADD http://example.com/package.zip /temp\n',
      errors: [{ message: 'ADD downloads http://example.com/package.zip without --checksum', line: 2, column: 5, endLine: 2, endColumn: 35 }],
      output: F + 'ADD --checksum=sha256:${1:hash} http://example.com/package.zip /temp\n',
    },
  ],
});

runRuleTests('DF008', {
  valid: [
    { name: 'download, verify, run', file, code: F + 'RUN curl -fsSLo /tmp/i.sh https://x.io/i.sh && sha256sum -c i.sha && sh /tmp/i.sh\n' },
    { name: 'curl piped to a non-shell', file, code: F + 'RUN curl -fsSL https://x.io/k.gpg | gpg --dearmor -o /k.gpg\n' },
    { name: 'python -c reads JSON, not a script', file, code: F + 'RUN curl -s https://x.io/v.json | python3 -c "import json,sys; print(json.load(sys.stdin))"\n' },
  ],
  invalid: [
    {
      name: 'curl | sh', file, code: F + 'RUN curl -fsSL https://get.example.com | sh\n',
      errors: [{ message: 'curl output is piped into sh', line: 2, column: 5, endLine: 2, endColumn: 44 }],
    },
    {
      name: 'wget | sudo bash -s across a continuation', file, code: F + 'RUN wget -qO- https://x.io/install \\\n    | sudo -E bash -s -- --yes\n',
      errors: [{ message: 'wget output is piped into bash', line: 2, column: 5, endLine: 3, endColumn: 19 }],
    },
    {
      name: 'sh -c "$(curl ...)" and a heredoc script', file, code: F + 'RUN sh -c "$(curl -fsSL https://x.io/i.sh)"\nRUN <<EOF\nset -e\ncurl -fsSL https://x.io/i.sh | bash\nEOF\n',
      errors: [{ message: 'sh runs a script fetched by curl', line: 2, column: 5 }, { message: 'curl output is piped into bash', line: 5, column: 1, endLine: 5, endColumn: 36 }],
    },
  ],
});

runRuleTests('DF009', {
  valid: [
    { name: 'verified downloads', file, code: F + 'RUN curl -fsSL https://x.io | tee f && wget -q https://x.io\n' },
    { name: 'flags of other commands', file, code: F + 'RUN curl https://example.com | grep -k lol\nRUN wget https://example.com; grep "--no-check-certificate" /etc/passwd\nRUN pip install checkov | grep "--trusted-host"\n' },
    { name: 'values that keep verification', file, code: F + 'ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1\nENV NPM_CONFIG_STRICT_SSL "true"\nRUN npm config set strict-ssl true && git config --global http.sslVerify true\nRUN unset GIT_SSL_NO_VERIFY\n' },
    { name: 'quoted value is not 0', file, code: F + 'RUN PYTHONHTTPSVERIFY="0\\"" python example.py\n' },
    { name: 'curl option value containing k', file, code: F + 'RUN curl -H k https://x.io -o k\n' },
  ],
  invalid: [
    {
      name: 'curl -k in combined short flags and --insecure on a continuation line', file, code: F + 'RUN curl -fsSLk https://x.io -o /x \\\n && curl \\\n    --insecure https://y.io\n',
      errors: [{ message: 'curl -fsSLk includes -k', line: 2, column: 10, endLine: 2, endColumn: 16 }, { message: 'curl --insecure', line: 4, column: 5, endLine: 4, endColumn: 15 }],
    },
    {
      name: 'wget, pip, npm, yarn, git, dnf', file,
      code: F + 'RUN wget --no-check-certificate https://x.io\nRUN pip install --trusted-host=pypi.org flask\nRUN npm config set strict-ssl false\nRUN yarn config set "strict-ssl"="false"\nRUN git config --global http.sslVerify false\nRUN dnf config-manager --save --setopt=epel.sslverify=0\n',
      errors: [
        { message: 'wget --no-check-certificate', line: 2, column: 10 },
        { message: 'pip --trusted-host=pypi.org', line: 3, column: 17, endLine: 3, endColumn: 40 },
        { message: 'npm config set strict-ssl false', line: 4, column: 20, endLine: 4, endColumn: 36 },
        { message: 'yarn config set strict-ssl false', line: 5, column: 21, endLine: 5, endColumn: 41 },
        { message: 'git config http.sslVerify false', line: 6, column: 25, endLine: 6, endColumn: 45 },
        { message: 'sslverify=0', line: 7, column: 31 },
      ],
    },
    {
      name: 'environment in ENV, ARG and RUN', file,
      code: F + 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0\nARG PYTHONHTTPSVERIFY 0\nENV GIT_SSL_NO_VERIFY=\nRUN export PIP_TRUSTED_HOST=pypi.org && LOL=1 npm_config_strict_ssl=\'false\' npm ci\n',
      errors: [
        { message: 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0 makes Node.js accept any TLS certificate', line: 2, column: 5, endLine: 2, endColumn: 35 },
        { message: 'ARG PYTHONHTTPSVERIFY=0', line: 3, column: 5 },
        { message: 'GIT_SSL_NO_VERIFY', line: 4, column: 5 },
        { message: 'PIP_TRUSTED_HOST=pypi.org', line: 5, column: 12 },
        { message: "npm_config_strict_ssl='false'", line: 5, column: 47 },
      ],
    },
  ],
});

runRuleTests('DF010', {
  valid: [
    { name: 'normal installs; the flag only in an echo', file, code: F + 'RUN apk add --no-cache curl && echo "--allow-untrusted"\nRUN rpm -i p.rpm | grep "--nosignature"\n' },
  ],
  invalid: [
    {
      name: 'apk, apt-get, dnf, rpm', file,
      code: F + 'RUN apk add --allow-untrusted ./x.apk\nRUN apt-get \\\n    install python3 \\\n    --force-yes\nRUN dnf install -y --nogpgcheck x\nRUN rpm -i --nosignature p.rpm\n',
      errors: [
        { message: 'apk --allow-untrusted', line: 2, column: 13, endLine: 2, endColumn: 30 },
        { message: 'apt-get --force-yes', line: 5, column: 5, endLine: 5, endColumn: 16 },
        { message: 'dnf --nogpgcheck', line: 6, column: 20 },
        { message: 'rpm --nosignature', line: 7, column: 12 },
      ],
    },
  ],
});

runRuleTests('DF013', {
  valid: [{ name: 'installing the sudoku package', file, code: F + 'RUN apt-get install sudoku\n' }],
  invalid: [
    {
      name: 'sudo after && on a continuation line', file, code: 'FROM busybox\n\nRUN apt-get update \\\n && sudo apt-get install vim\n',
      errors: [{ message: 'RUN uses sudo', line: 4, column: 5, endLine: 4, endColumn: 9 }],
    },
  ],
});

runRuleTests('DF014', {
  valid: [
    { name: 'sane modes and a sticky /tmp', file, code: F + 'RUN chmod 755 /app && chmod -R u+w,go-w /app && chmod 1777 /tmp && chmod +x /app/run\n' },
    { name: 'COPY --chmod=644', file, code: F + 'COPY --chmod=644 a /a\n' },
  ],
  invalid: [
    {
      name: 'chmod -R 777, o+w and COPY --chmod=0666', file, code: F + 'RUN chmod -R 777 /app && chmod a+rw /data\nCOPY --chmod=0666 cfg /cfg\n',
      errors: [
        { message: 'chmod 777', line: 2, column: 14, endLine: 2, endColumn: 17 },
        { message: 'chmod a+rw', line: 2, column: 32, endLine: 2, endColumn: 36 },
        { message: 'COPY --chmod=0666', line: 3, column: 6, endLine: 3, endColumn: 18 },
      ],
    },
  ],
});

runRuleTests('DF015', {
  valid: [{ name: 'other ports; udp 22', file, code: F + 'EXPOSE 8080 443/tcp 22/udp\n' }],
  invalid: [
    {
      name: '22, 22/tcp, a range and a variable', file, code: F + 'ARG SSH=22\nEXPOSE 8080 22\nEXPOSE 22/tcp 20-25 $SSH\n',
      errors: [
        { message: 'EXPOSE 22 exposes the SSH port', line: 3, column: 13, endLine: 3, endColumn: 15 },
        { message: 'EXPOSE 22/tcp', line: 4, column: 8 },
        { message: 'EXPOSE 20-25', line: 4, column: 15 },
        { message: 'EXPOSE $SSH', line: 4, column: 21 },
      ],
    },
  ],
});

runRuleTests('DF016', {
  valid: [{ name: 'cache and secret mounts', file, code: F + 'RUN --mount=type=cache,target=/root/.cache --network=none make\n' }],
  invalid: [
    {
      name: 'insecure and host network', file, code: F + 'RUN --security=insecure --network=host make\n',
      errors: [
        { message: 'RUN --security=insecure', line: 2, column: 5, endLine: 2, endColumn: 24 },
        { message: 'RUN --network=host', line: 2, column: 25, endLine: 2, endColumn: 39 },
      ],
    },
  ],
});

runRuleTests('DF025', {
  valid: [{ name: 'chgrp', file, code: 'FROM ubuntu:24.04\nRUN chgrp root /etc/passwd\n' }],
  invalid: [
    {
      name: 'chpasswd and useradd -p', file, code: "FROM ubuntu:24.04\nRUN echo 'root:root' | chpasswd\nRUN useradd -m -p $(openssl passwd x) bob\n",
      errors: [{ message: 'chpasswd sets a password', line: 2, column: 24, endLine: 2, endColumn: 32 }, { message: 'useradd -p', line: 3, column: 16 }],
    },
  ],
});
