import { defineRule } from '../../rule';
import { sources } from './DF006-add-instead-of-copy';

export default defineRule('dockerfile', {
  id: 'DF027', name: 'copy-whole-filesystem', title: 'COPY --from copies a whole filesystem', severity: 'warning',
  peers: [],
  docs: {
    description: '`COPY --from=<stage or image> / <dest>` copies the entire root filesystem of another stage or image (`/`, `/.`, `/*`).',
    rationale: 'Multi-stage builds exist to ship only the artifact. Copying `/` brings everything of the build stage into the final image: compilers, package caches, setuid binaries, the package database of another distribution, and any credential or `.env` file that was used during the build. It also hides what the image really contains from reviewers and scanners reading the Dockerfile.',
    remediation: 'Copy only the artifacts the final image needs: `COPY --from=build /app/bin/server /usr/local/bin/server`. If the source is a purpose-built rootfs stage (`FROM scratch AS rootfs`), name its directory instead of `/`.',
    example: { bad: 'FROM golang:1.23 AS build\nRUN go build -o /out/server ./cmd/server\nFROM gcr.io/distroless/static\nCOPY --from=build / /\n', good: 'FROM golang:1.23 AS build\nRUN go build -o /out/server ./cmd/server\nFROM gcr.io/distroless/static\nCOPY --from=build /out/server /server\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'COPY') continue;
    const fromValue = ins.flags.find((f) => f.name === 'from')?.value;
    if (!fromValue) continue;
    // a stage built FROM scratch only to hold a prepared root filesystem is copied whole on purpose
    const stage = df.stages.find((s) => s.name === fromValue.toLowerCase());
    if (stage?.scratch) continue;
    for (const s of sources(ins)) {
      const v = (s.value ?? s.arg.value).trim();
      if (v === '/' || v === '/.' || v === '/*') {
        ctx.report({ loc: s.arg.loc, message: `COPY --from=${fromValue} ${v} copies the whole filesystem of '${fromValue}' into this image, with its tools, caches and any build-time credentials. Copy only the artifacts the image needs.` });
      }
    }
  }
});
