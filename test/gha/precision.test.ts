/** Issue #20: GitHub Actions rule precision on real repositories (regression tests from minimal examples). */
import { runRuleTests } from '../ruleTester';

const F = '.github/workflows/release.yml';
const SHA = 'f7dd8c54c2067bafc12ca7a55595d5ee9b75204a';
const wf = (uses: string) => `name: release
on: push
permissions:
  contents: read
jobs:
  provenance:
    permissions:
      id-token: write
      contents: write
    uses: ${uses}
    with:
      base64-subjects: abc
`;

runRuleTests('GHA001', {
  valid: [
    { name: 'the SLSA generator by its release tag (it cannot be SHA-pinned)', file: F, code: wf('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0') },
  ],
  invalid: [
    {
      name: 'the SLSA generator by SHA fails to build: the rule says to use the tag',
      file: F, code: wf(`slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@${SHA}`),
      errors: [{ message: `must be referenced by a full release tag such as @v2.1.0, not '${SHA}'`, line: 10, column: 11 }],
    },
    {
      name: 'a short tag is refused by the generator too',
      file: F, code: wf('slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2'),
      errors: [{ message: "not 'v2': the SLSA generator reads its version from the ref", line: 10, column: 11 }],
    },
    {
      name: 'another reusable workflow by tag is still reported',
      file: F, code: wf('slsa-framework/other/.github/workflows/x.yml@v1.0.0'),
      errors: [{ message: "pinned to the mutable ref 'v1.0.0'", line: 10, column: 11 }],
      output: wf('slsa-framework/other/.github/workflows/x.yml@${1:sha} # v1.0.0'),
    },
  ],
});
