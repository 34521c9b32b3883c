import { runRuleTests } from '../ruleTester';

const file = 'Dockerfile';
const F = 'FROM alpine:3.22\n';

runRuleTests('DF011', {
  valid: [
    { name: 'secret file path, public key, AWS key id name', file, code: F + 'ENV DB_PASSWORD_FILE=/run/secrets/db PUBLIC_KEY=abc AWS_ACCESS_KEY_ID=$ID\nARG GPG_KEY=0xABC\nENV PWD=/app\n' },
  ],
  invalid: [
    {
      name: 'names in ARG and ENV', file, code: F + 'ARG NPM_TOKEN\nENV DB_PASSWORD=hunter2 \\\n    apiKey=x\n',
      errors: [
        { message: 'ARG NPM_TOKEN looks like a secret', line: 2, column: 5, endLine: 2, endColumn: 14 },
        { message: 'RUN --mount=type=secret,id=db_password', line: 3, column: 5, endLine: 3, endColumn: 16 },
        { message: 'ENV apiKey', line: 4, column: 5 },
      ],
    },
    {
      name: 'value shapes', file, code: F + 'ENV GH=ghp_0123456789abcdefghijABCDEFGHIJ012345\nARG REPO=https://bob:s3cretpw@git.example.com/r.git\n',
      errors: [
        { message: 'looks like a GitHub token', line: 2, column: 8, endLine: 2, endColumn: 48 },
        { message: 'URL with a password', line: 3, column: 10 },
      ],
    },
  ],
});

runRuleTests('DF012', {
  valid: [{ name: 'ordinary files', file, code: F + 'COPY .env.example package.json /app/\nCOPY --from=build /out/app /app\n' }],
  invalid: [
    {
      name: '.env, id_rsa, *.pem, .npmrc, .aws/', file, code: F + 'COPY .env /app/.env\nADD id_rsa certs/server.pem /root/\nCOPY [".npmrc", "/app/"]\nCOPY .aws/ /root/.aws/\n',
      errors: [
        { message: 'COPY .env copies what looks like a credential', line: 2, column: 6, endLine: 2, endColumn: 10 },
        { message: 'ADD id_rsa', line: 3, column: 5 },
        { message: 'ADD certs/server.pem', line: 3, column: 12 },
        { message: 'COPY .npmrc', line: 4, column: 7 },
        { message: 'COPY .aws/', line: 5, column: 6 },
      ],
    },
  ],
});

runRuleTests('DF017', {
  valid: [{ name: 'JSON form', file, code: F + 'CMD ["node", "server.js"]\nENTRYPOINT ["/entrypoint.sh"]\n' }],
  invalid: [
    {
      name: 'simple command, quotes and escaping', file, code: F + 'CMD node "my app.js" --title=\'say "hi"\'\n',
      errors: [{ message: 'CMD uses the shell form', line: 2, column: 5, endLine: 2, endColumn: 40 }],
      output: F + 'CMD ["node", "my app.js", "--title=say \\"hi\\""]\n',
    },
    {
      name: 'exec prefix dropped; continuation and comment kept', file, code: F + 'ENTRYPOINT exec gunicorn \\\n  # bind address\n  --bind 0.0.0.0:8000 app:app\n',
      errors: [{ message: 'ENTRYPOINT uses the shell form', line: 2, column: 12, endLine: 4, endColumn: 30 }],
      output: F + 'ENTRYPOINT ["gunicorn", \\\n  # bind address\n  "--bind", "0.0.0.0:8000", "app:app"]\n',
    },
    {
      name: 'escape directive with backtick: the backtick continuation is kept', file, code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD powershell `\n  -File C:/app/run.ps1\n',
      errors: [{ message: 'CMD uses the shell form', line: 3, column: 5, endLine: 4, endColumn: 23 }],
      output: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["powershell", `\n  "-File", "C:/app/run.ps1"]\n',
    },
    {
      name: 'backslashes in a Windows path: reported without a fix', file, code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD C:\\app\\run.exe\n',
      errors: [{ message: 'CMD uses the shell form', line: 3, column: 5, endLine: 3, endColumn: 19 }],
    },
    {
      name: 'shell features: reported without a fix', file, code: F + 'CMD node server.js --port $PORT\n',
      errors: [{ message: 'CMD uses the shell form', line: 2, column: 5 }],
    },
  ],
});

runRuleTests('DF018', {
  valid: [{ name: 'flag present', file, code: F + 'RUN apt-get install -y --no-install-recommends curl\n' }],
  invalid: [
    {
      name: 'adds the flag after install', file, code: F + 'RUN apt-get update && apt-get install -y \\\n    curl\n',
      errors: [{ message: 'apt-get install runs without --no-install-recommends', line: 2, column: 23, endLine: 2, endColumn: 38 }],
      output: F + 'RUN apt-get update && apt-get install --no-install-recommends -y \\\n    curl\n',
    },
  ],
});

runRuleTests('DF019', {
  valid: [
    { name: 'pinned everywhere', file, code: F + 'RUN apt-get install -y curl=8.5.0-2 && apk add --no-cache git=2.45.2-r0 && pip install --no-cache-dir flask==3.0.3 -r req.txt && npm install -g serve@14.2.3 && gem install rake -v 13.2.1\n' },
    { name: 'installs from files and lock files', file, code: F + 'RUN pip install -r requirements.txt . && npm install && npm ci && apt-get install -y ./x.deb\n' },
    { name: 'RPM and zypper pins, groups and local packages', file, code: F + 'RUN yum install -y httpd-2.4.6 --setopt tsflags=nodocs && dnf install -y curl-7.76.1-26.el9 @development ./local.rpm && microdnf install -y shadow-utils-4.9 && zypper install -y curl=7.79.1 \'pattern:base\'\n' },
  ],
  invalid: [
    {
      name: 'apt, apk --virtual, pip, npm', file, code: F + 'RUN apt-get install -y -o Dpkg::Options::=--force-confdef curl git=1:2.43\nRUN apk add --virtual .build-deps gcc\nRUN pip install --upgrade pip requests\nRUN npm i -g @scope/tool typescript@5.6.3\n',
      errors: [
        { message: 'installs `curl` without a pinned version', line: 2, column: 59, endLine: 2, endColumn: 63 },
        { message: 'installs `gcc`', line: 3, column: 35 },
        { message: 'installs `requests`', line: 4, column: 31 },
        { message: 'installs `@scope/tool`', line: 5, column: 14 },
      ],
    },
    {
      name: 'yum, dnf (option values skipped), microdnf, zypper', file, code: F + 'RUN yum install -y --enablerepo epel python3-pip\nRUN dnf install -y --setopt install_weak_deps=False nginx\nRUN microdnf install -y shadow-utils\nRUN zypper in -y curl\n',
      errors: [
        { message: 'yum install installs `python3-pip` without a pinned version', line: 2, column: 38, endLine: 2, endColumn: 49 },
        { message: 'installs `nginx`', line: 3, column: 53 },
        { message: 'installs `shadow-utils`', line: 4, column: 25 },
        { message: 'zypper in installs `curl`', line: 5, column: 18 },
      ],
    },
  ],
});

runRuleTests('DF020', {
  valid: [
    { name: 'cleaned up', file, code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN apk add --no-cache git\nRUN pip install --no-cache-dir x==1\nRUN dnf install -y x && dnf clean all\n' },
    { name: 'cache mounts', file, code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -y x\n' },
    { name: 'build stage caches do not ship', file, code: 'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /x /x\n' },
    { name: 'PIP_NO_CACHE_DIR in ENV', file, code: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n' },
  ],
  invalid: [
    {
      name: 'apt lists on a one-line RUN', file, code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      errors: [{ message: 'leaves the apt package lists', line: 2, column: 23, endLine: 2, endColumn: 38 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apt lists on a multi-line RUN keeps the continuation style', file, code: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends \\\n     curl\n',
      errors: [{ message: 'leaves the apt package lists', line: 3, column: 6 }],
      output: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends \\\n     curl \\\n     && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apk, pip, yum', file, code: 'FROM centos:7\nRUN apk add curl\nRUN pip3 install x==1\nRUN yum install -y httpd\n',
      errors: [{ message: 'apk add --no-cache', line: 2, column: 5 }, { message: 'pip3 install --no-cache-dir', line: 3, column: 5 }, { message: 'yum clean all', line: 4, column: 5 }],
      output: 'FROM centos:7\nRUN apk add --no-cache curl\nRUN pip3 install --no-cache-dir x==1\nRUN yum install -y httpd && yum clean all\n',
    },
  ],
});

runRuleTests('DF021', {
  valid: [
    { name: 'HEALTHCHECK in the final stage', file, code: F + 'HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n' },
    { name: 'HEALTHCHECK NONE, inherited', file, code: F.replace('\n', ' AS base\n') + 'HEALTHCHECK NONE\nFROM base\n' },
  ],
  invalid: [
    {
      name: 'only a build stage has one', file, code: 'FROM alpine:3.22 AS build\nHEALTHCHECK CMD true\nFROM nginx:1.28\n',
      errors: [{ message: 'defines no HEALTHCHECK', line: 3, column: 1, endLine: 3, endColumn: 16 }],
    },
  ],
});

runRuleTests('DF022', {
  valid: [{ name: 'absolute, Windows, variables', file, code: F + 'ENV DIRPATH=/path\nWORKDIR /app\nWORKDIR "c:\\\\windows"\nWORKDIR $DIRPATH/$DIRNAME\nWORKDIR ${GLASSFISH_HOME}/bin\n' }],
  invalid: [
    {
      name: 'relative, quoted relative, relative from a variable', file, code: F + 'WORKDIR workdir\nWORKDIR "../workdir"\nENV D=app\nWORKDIR $D\n',
      errors: [
        { message: 'WORKDIR workdir is relative', line: 2, column: 9, endLine: 2, endColumn: 16 },
        { message: 'WORKDIR ../workdir', line: 3, column: 9 },
        { message: 'WORKDIR $D', line: 5, column: 9 },
      ],
    },
  ],
});

runRuleTests('DF023', {
  valid: [{ name: 'label', file, code: F + 'LABEL maintainer="x"\n' }],
  invalid: [
    {
      name: 'MAINTAINER', file, code: F + 'MAINTAINER Jane "J" <jane@example.com>\n',
      errors: [{ message: 'MAINTAINER is deprecated', line: 2, column: 1, endLine: 2, endColumn: 11 }],
      output: F + 'LABEL maintainer="Jane \\"J\\" <jane@example.com>"\n',
    },
  ],
});

runRuleTests('DF024', {
  valid: [{ name: 'update and install together; apk --update; upgrade', file, code: F + 'RUN apt-get update && apt-get install -y x\nRUN apk --update add moo\nRUN apk update --no-cache && apk upgrade --no-cache\nRUN update-locale LANG=en_US.UTF-8\n' }],
  invalid: [
    {
      name: 'update alone, and after the install', file, code: F + 'RUN apk update\nRUN apt install a \\\n && apt update\n',
      errors: [{ message: 'apk update runs without an install after it', line: 2, column: 5, endLine: 2, endColumn: 15 }, { message: 'apt update', line: 4, column: 5 }],
    },
  ],
});

runRuleTests('DF020', {
  valid: [],
  invalid: [
    {
      name: 'clean-up goes before a trailing comment; dnf with a backtick escape', file,
      code: '# escape=`\nFROM fedora:41\nRUN dnf install -y httpd `\n    mod_ssl # web server\n',
      errors: [{ message: 'dnf install leaves its package cache', line: 3, column: 5 }],
      output: '# escape=`\nFROM fedora:41\nRUN dnf install -y httpd `\n    mod_ssl `\n    && dnf clean all # web server\n',
    },
  ],
});
