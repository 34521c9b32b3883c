import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { conditionRefs } from '../../server/src/engine/rules/policy/falco';

const RULE = `- rule: Shell in container
  desc: A shell was started in a container.
  condition: spawned_process and container and proc.name in (shell_binaries)
  output: Shell in container (user=%user.name container=%container.id)
  priority: WARNING
`;

runRuleTests('FAL001', {
  valid: [
    { code: RULE },
    { name: 'toggle of a default rule', code: '- rule: Terminal shell in container\n  enabled: true\n' },
    { name: 'override', code: '- rule: Shell in container\n  condition: and not proc.pname = sshd\n  override:\n    condition: append\n' },
    { name: 'not a Falco file', code: '- name: x\n  value: y\n' },
  ],
  invalid: [{
    code: '- macro: my_shell\n- rule: No output\n  desc: x.\n  condition: my_shell\n  priority: ERROR\n',
    errors: [
      { message: "Falco macro 'my_shell' is missing 'condition'", line: 1, column: 3, endLine: 1, endColumn: 8 },
      { message: "Falco rule 'No output' is missing 'output'", line: 2, column: 3 },
    ],
  }],
});

runRuleTests('FAL002', {
  valid: [{ code: RULE.replace('WARNING', 'informational') }],
  invalid: [{ code: RULE.replace('WARNING', 'HIGH'), errors: [{ message: "priority 'HIGH' is not valid", line: 5, column: 13, endLine: 5, endColumn: 17 }] }],
});

runRuleTests('FAL003', {
  valid: [
    { code: RULE },
    { name: 'own macro and list, values after operators', code: '- list: my_bins\n  items: [bash, zsh]\n- macro: my_proc\n  condition: (proc.name in (my_bins) or proc.name = sh) and evt.type = execve and evt.dir = <\n- rule: R\n  desc: d.\n  condition: my_proc and not proc.pname exists and fd.name startswith /etc\n  output: o\n  priority: NOTICE\n' },
  ],
  invalid: [{
    code: RULE.replace('spawned_process and container', 'spawned_proces and container').replace('(shell_binaries)', '(my_shells)'),
    errors: [
      { message: "macro 'spawned_proces' is not defined", line: 3, column: 14, endLine: 3, endColumn: 28 },
      { message: "list 'my_shells' is not defined", line: 3, column: 61, endLine: 3, endColumn: 70 },
    ],
  }, {
    name: 'folded multi-line condition',
    code: '- rule: R\n  desc: d.\n  condition: >\n    spawned_process and\n    (unknown_macro or container)\n  output: o\n  priority: NOTICE\n',
    errors: [{ message: "macro 'unknown_macro'", line: 5, column: 6, endLine: 5, endColumn: 19 }],
  }],
});

runRuleTests('FAL004', {
  valid: [{ code: RULE + '- rule: Shell in container\n  condition: and not proc.pname = sshd\n  override:\n    condition: append\n' }],
  invalid: [{ code: RULE + RULE, errors: [{ message: 'is already defined on line 1', line: 6, column: 9, endLine: 6, endColumn: 27 }] }],
});

runRuleTests('FAL005', {
  valid: [{ code: '- rule: My own rule\n  enabled: false\n' }],
  invalid: [{ code: '- rule: Terminal shell in container\n  enabled: false\n', errors: [{ message: 'default security rule', line: 2, column: 3, endLine: 2, endColumn: 17 }] }],
});

describe('Falco condition references', () => {
  it('finds macros in boolean positions and single lists in value lists only', () => {
    const refs = conditionRefs('a_macro and (proc.name in (my_list, x) or not other) and evt.type = execve and fd.name in (one_list)');
    assert.deepStrictEqual(refs.map((r) => `${r.kind}:${r.name}`), ['macro:a_macro', 'macro:other', 'list:one_list']);
  });
});
