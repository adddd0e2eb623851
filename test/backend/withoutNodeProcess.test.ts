/**
 * `withoutNodeProcess`: Emscripten glue started inside it does not see Node's `process` (so it takes the
 * branch that needs no `require` or `__dirname`), and `process` comes back exactly as it was, also when the
 * function throws. The whole route on workerd with Node.js compatibility on (the example's current
 * compatibility date) is test/edge/edge.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutNodeProcess } from '../../src/backend/withoutNodeProcess.ts';

/** The check Emscripten's glue makes when its factory starts. */
function glueSeesNode(): boolean {
  return (
    typeof process === 'object' && typeof process.versions === 'object' && typeof process.versions.node === 'string'
  );
}

describe('withoutNodeProcess', () => {
  it('hides process while the function runs and returns its value', () => {
    assert.equal(glueSeesNode(), true);
    const seen = withoutNodeProcess(() => ({ node: glueSeesNode(), type: typeof process }));
    assert.deepEqual(seen, { node: false, type: 'undefined' });
    assert.equal(glueSeesNode(), true);
  });

  it('puts back the same object with the same property attributes, also after a throw', () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'process');
    const proc = globalThis.process;
    assert.throws(
      () =>
        withoutNodeProcess(() => {
          throw new RangeError('inside');
        }),
      RangeError,
    );
    assert.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'process'), before);
    assert.equal(globalThis.process, proc);
  });

  // Last: a property made non-configurable stays so (node:test gives each file its own process).
  it('runs the function as it is where process cannot be redefined', () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'process');
    assert.ok(before);
    Object.defineProperty(globalThis, 'process', { ...before, configurable: false });
    assert.equal(
      withoutNodeProcess(() => glueSeesNode()),
      true,
    );
  });
});
