/** DF029: Dockerfile FROM images checked against `.palisade.yaml` images.trustedRegistries (#20, hadolint DL3026). */
import { runRuleTests } from '../ruleTester';

const file = 'Dockerfile';
const trusted = (...trustedRegistries: string[]) => ({ images: { trustedRegistries } });
const LIST = trusted('registry.example.com', 'ghcr.io/acme/');

runRuleTests('DF029', {
  valid: [
    { name: 'no list configured: nothing is checked', file, code: 'FROM evil.example.net/miner:1\n' },
    { name: 'an empty list: nothing is checked', file, code: 'FROM evil.example.net/miner:1\n', settings: trusted() },
    { name: 'trusted registry and prefix', file, code: 'FROM registry.example.com/mirror/node:22 AS build\nFROM ghcr.io/acme/base:1\n', settings: LIST },
    { name: 'scratch and earlier stages are not images', file, code: 'FROM registry.example.com/golang:1.23 AS Build\nRUN go build\nFROM build AS test\nFROM scratch\nCOPY --from=build /app /app\n', settings: LIST },
    { name: 'an ARG default that resolves to a trusted image', file, code: 'ARG BASE=registry.example.com/mirror/alpine:3.20\nFROM $BASE\n', settings: LIST },
    { name: 'a variable without a value is not judged', file, code: 'ARG BASE\nFROM ${BASE}\n', settings: LIST },
    { name: 'Docker Hub trusted as docker.io', file, code: 'FROM node:22\nFROM --platform=$BUILDPLATFORM docker.io/bitnami/redis:7\n', settings: trusted('docker.io') },
  ],
  invalid: [
    {
      name: 'an image without a registry is Docker Hub, and the message says so; the range is the image', file,
      code: 'FROM node:22-alpine AS build\nRUN npm ci\nFROM registry.example.com/distroless/nodejs22\nCOPY --from=build /app /app\n',
      settings: LIST,
      errors: [{ message: "FROM node:22-alpine is not from a registry that .palisade.yaml trusts (images.trustedRegistries: 'registry.example.com', 'ghcr.io/acme/'); without a registry it means docker.io/library/node:22-alpine (Docker Hub).", line: 1, column: 6, endLine: 1, endColumn: 20 }],
    },
    {
      name: 'look-alike host, another port, a sibling namespace, after ARG substitution and with --platform', file,
      code: 'ARG REG=registry.example.com.evil.io\nFROM ${REG}/base:1\nFROM --platform=linux/amd64 registry.example.com:5000/base:1\nFROM ghcr.io/acme-evil/base:1\n',
      settings: LIST,
      errors: [
        { message: 'FROM ${REG}/base:1 (which resolves to registry.example.com.evil.io/base:1) is not from a registry', line: 2, column: 6, endLine: 2, endColumn: 19 },
        { message: 'FROM registry.example.com:5000/base:1 is not from', line: 3, column: 29 },
        { message: 'FROM ghcr.io/acme-evil/base:1 is not from', line: 4, column: 6 },
      ],
    },
  ],
});
