import { runRuleTests } from '../ruleTester';

const file = 'Dockerfile';

runRuleTests('DF001', {
  valid: [
    { name: 'non-root USER last', file, code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER app\nCMD ["app"]\n' },
    { name: 'USER root then a non-root user', file, code: 'FROM base\nUSER root\nCOPY test.sh /test.sh\nUSER checkov\n' },
    { name: 'USER inherited from the stage the final stage builds on', file, code: 'FROM alpine:3.20 AS base\nUSER 10001\nFROM base\nCMD ["app"]\n' },
    { name: 'distroless nonroot base', file, code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'USER from an unresolved variable is not judged', file, code: 'FROM alpine:3.20\nUSER $APP_USER\n' },
    { name: 'Windows nanoserver runs as ContainerUser', file, code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:/app/\n' },
    { name: 'only the final stage matters', file, code: 'FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nUSER 65532\n' },
  ],
  invalid: [
    {
      name: 'no USER: Alpine base offers the addgroup/adduser option', file,
      code: 'FROM alpine:3.20\nCOPY app /app\nCMD ["/app"]\n',
      errors: [{ message: 'sets no USER, so the container runs as root', line: 1, column: 1, endLine: 1, endColumn: 17 }],
      output: 'FROM alpine:3.20\nCOPY app /app\nUSER 10001:10001\nCMD ["/app"]\n',
    },
    {
      name: 'no USER: the user-creation option for Alpine', file, fix: 'Alpine',
      code: 'FROM alpine:3.20\nCOPY app /app\nCMD ["/app"]\n',
      errors: [{ message: 'sets no USER', line: 1, column: 1 }],
      output: 'FROM alpine:3.20\nCOPY app /app\nRUN addgroup -S app && adduser -S app -G app\nUSER app\nCMD ["/app"]\n',
    },
    {
      name: 'no USER: the user-creation option for Debian, before ENTRYPOINT', file, fix: 'Debian',
      code: 'FROM python:3.12-slim\nCOPY . /app\nENTRYPOINT ["python", "/app/main.py"]\nCMD ["--serve"]\n',
      errors: [{ message: 'sets no USER', line: 1, column: 1, endLine: 1, endColumn: 22 }],
      output: 'FROM python:3.12-slim\nCOPY . /app\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["python", "/app/main.py"]\nCMD ["--serve"]\n',
    },
    {
      name: 'USER root last; no CMD: USER appended at the end (file without final newline)', file,
      code: 'FROM base\n\nUSER root',
      errors: [{ message: 'USER root is the last USER of the final stage', line: 3, column: 6, endLine: 3, endColumn: 10 }],
      output: 'FROM base\n\nUSER root\nUSER 10001:10001\n',
    },
    {
      name: 'USER 0:0 with CRLF line endings', file,
      code: 'FROM ubuntu:24.04\r\nUSER 0:0\r\nCMD ["bash"]\r\n',
      errors: [{ message: 'USER 0:0', line: 2, column: 6 }],
      output: 'FROM ubuntu:24.04\r\nUSER 0:0\r\nUSER 10001:10001\r\nCMD ["bash"]\r\n',
    },
    {
      name: 'USER root from an ARG default', file,
      code: 'FROM alpine:3.20\nARG RUNAS=root\nUSER ${RUNAS}\n',
      errors: [{ message: 'USER ${RUNAS}', line: 3, column: 6 }],
      output: 'FROM alpine:3.20\nARG RUNAS=root\nUSER ${RUNAS}\nUSER 10001:10001\n',
    },
    {
      name: 'Windows ContainerAdministrator', file, code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\nCMD ["app.exe"]\n',
      errors: [{ message: 'USER ContainerAdministrator', line: 2, column: 6 }],
      output: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\nUSER 10001:10001\nCMD ["app.exe"]\n',
    },
    {
      name: 'Containerfile name', file: 'build/Containerfile',
      code: 'FROM scratch\nCOPY app /app\n',
      errors: [{ message: 'sets no USER', line: 1, column: 1 }],
      output: 'FROM scratch\nCOPY app /app\nUSER 10001:10001\n',
    },
  ],
});

runRuleTests('DF002', {
  valid: [
    { name: 'version tag', file, code: 'FROM alpine:3.20\n' },
    { name: 'digest', file, code: 'FROM alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' },
    { name: 'scratch and stage references', file, code: 'FROM scratch AS base\nFROM base\n' },
    { name: 'ARG default resolves to a tag', file, code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\n' },
    { name: 'unresolvable variable is not judged', file, code: 'ARG BASE\nFROM ${BASE}\n' },
    { name: 'registry with port', file, code: 'FROM registry.local:5000/team/app:1.2.3\n' },
    { name: 'platform flag', file, code: 'FROM --platform=$BUILDPLATFORM python:3.11-slim AS build\nFROM build as run\n' },
  ],
  invalid: [
    {
      name: 'untagged', file, code: 'FROM alpine\n',
      errors: [{ message: 'FROM alpine has no tag', line: 1, column: 6, endLine: 1, endColumn: 12 }],
      output: 'FROM alpine@sha256:${1:digest}\n',
    },
    {
      name: ':latest, in a multi-stage file', file, code: 'FROM golang:1.23 AS build\nFROM docker.io/library/alpine:latest\n',
      errors: [{ message: 'uses the :latest tag', line: 2, column: 6, endLine: 2, endColumn: 37 }],
      output: 'FROM golang:1.23 AS build\nFROM docker.io/library/alpine:latest@sha256:${1:digest}\n',
    },
    {
      name: 'ARG default resolving to latest is reported (no fix on a variable)', file, code: 'ARG TAG=latest\nFROM node:${TAG}\n',
      errors: [{ message: 'node:${TAG} resolves to node:latest', line: 2, column: 6 }],
    },
  ],
});

runRuleTests('DF003', {
  valid: [
    { name: 'digest', file, code: 'FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' },
    { name: 'untagged is DF002', file, code: 'FROM alpine\n' },
  ],
  invalid: [
    {
      name: 'tag only', file, code: 'FROM node:22-alpine AS build\n',
      errors: [{ message: 'pinned by tag only', line: 1, column: 6, endLine: 1, endColumn: 20 }],
      output: 'FROM node:22-alpine@sha256:${1:digest} AS build\n',
    },
  ],
});

const at = (today: string) => ({ today });
runRuleTests('DF004', {
  valid: [
    { name: 'supported Node.js', file, code: 'FROM node:22-alpine\n', settings: at('2026-11-28') },
    { name: 'node 18 before its EOL date', file, code: 'FROM node:18\n', settings: at('2025-04-29') },
    { name: 'major-only python tag does not name a line', file, code: 'FROM python:3\n', settings: at('2026-11-28') },
    { name: 'untagged', file, code: 'FROM golang\n', settings: at('2026-11-28') },
    { name: 'unknown image', file, code: 'FROM example/thing:1.0\n', settings: at('2026-11-28') },
  ],
  invalid: [
    {
      name: 'node 18 after its EOL date', file, code: 'FROM node:18-alpine\n', settings: at('2025-05-01'),
      errors: [{ message: 'Node.js 18 reached end of life on 2025-04-30', line: 1, column: 6, endLine: 1, endColumn: 20 }],
    },
    {
      name: 'ARG substitution decides the verdict', file, code: 'ARG GO_VERSION=1.21\nFROM golang:${GO_VERSION}-alpine AS build\nFROM alpine:3.22\n', settings: at('2026-11-28'),
      errors: [{ message: 'Go 1.21 reached end of life on 2024-08-13', line: 2, column: 6 }],
    },
    {
      name: 'Debian codename and OS named in another image tag', file, code: 'FROM debian:buster-slim\nFROM python:3.12-alpine3.16\n', settings: at('2026-11-28'),
      errors: [{ message: 'Debian 10 reached end of life on 2024-06-30', line: 1, column: 6 }, { message: 'Alpine Linux 3.16 reached end of life', line: 2, column: 6 }],
    },
    {
      name: 'older than every listed line', file, code: 'FROM alpine:3.5\n', settings: at('2026-11-28'),
      errors: [{ message: 'Alpine Linux 3.5 is older than 3.12', line: 1, column: 6 }],
    },
    {
      name: 'ubuntu and the deprecated openjdk image', file, code: 'FROM ubuntu:focal-20230801 AS a\nFROM openjdk:17-jdk-slim\n', settings: at('2026-11-28'),
      errors: [{ message: 'Ubuntu 20.04 reached end of life on 2025-05-31', line: 1, column: 6 }, { message: 'OpenJDK (deprecated Docker image) 17', line: 2, column: 6 }],
    },
  ],
});

runRuleTests('DF005', {
  valid: [
    { name: 'single stage', file, code: 'FROM golang:1.23\nRUN go build\n' },
    { name: 'runtime final stage', file, code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'JRE final stage', file, code: 'FROM maven:3.9 AS build\nFROM eclipse-temurin:21-jre\n' },
  ],
  invalid: [
    {
      name: 'golang final stage', file, code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM golang:1.23-alpine\nCOPY --from=build /out/app /app\n',
      errors: [{ message: 'based on golang:1.23-alpine, a compiler/SDK image', line: 3, column: 6, endLine: 3, endColumn: 24 }],
    },
    {
      name: 'final stage builds on an SDK stage', file, code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nRUN dotnet publish -o /out\nFROM build AS final\n',
      errors: [{ message: 'mcr.microsoft.com/dotnet/sdk:8.0', line: 3, column: 6, endLine: 3, endColumn: 11 }],
    },
  ],
});
