import { defineRule } from '../../rule';
import { baseImage } from '../../dockerfile/model';
import type { ImageRef } from '../../dockerfile/model';

export function isSdkImage(img: ImageRef): boolean {
  const n = img.name, t = (img.tag ?? '').toLowerCase();
  if (/^(golang|rust|gcc|maven|gradle|buildpack-deps|haskell|sbt|clojure|swift|elixir|mono|amazoncorretto)$/.test(n)) return true;
  if (/(^|\/)dotnet\/sdk$/.test(n) || /(^|\/)dotnet\/core\/sdk$/.test(n)) return true;
  if (/^(openjdk|eclipse-temurin|ibm-semeru-runtimes|sapmachine)$/.test(n)) return !/jre/.test(t);
  if (/(^|-)(sdk|devel)(-|$)/.test(t)) return true;
  return false;
}

export default defineRule('dockerfile', {
  id: 'DF005', name: 'sdk-image-in-final-stage', title: 'Final stage built from a compiler/SDK image in a multi-stage build', severity: 'warning',
  peers: [],
  docs: {
    description: 'The Dockerfile has build stages, yet the final stage (the image that ships) is based on a compiler or SDK image: golang, rust, gcc, maven, gradle, a JDK, the .NET SDK, `*-devel` or `*-sdk` tags.',
    rationale: 'Compilers, package managers and build tools in a production image are hundreds of megabytes of attack surface and vulnerability findings, and give an attacker who gets in everything needed to build tools. The point of a multi-stage build is to leave them behind.',
    remediation: 'Build in an earlier stage and copy only the result into a runtime image: `FROM gcr.io/distroless/static` (static binaries), a `-jre` image for Java, `mcr.microsoft.com/dotnet/aspnet` for .NET, or a slim/alpine base; then `COPY --from=build /out/app /app`.',
    example: { bad: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM golang:1.23\nCOPY --from=build /out/app /app\n', good: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n' },
  },
}, (df, ctx) => {
  if (df.stages.length < 2) return;
  const s = df.stages[df.stages.length - 1];
  const img = baseImage(s);
  if (!img || img.resolved === null || !isSdkImage(img)) return;
  ctx.report({
    loc: s.from.args[0]?.loc ?? s.from.keywordLoc,
    message: `The final stage is based on ${img.resolved}, a compiler/SDK image, although the build has earlier stages. Copy only the build output into a runtime image (distroless, -jre, slim or alpine) with COPY --from.`,
  });
});
