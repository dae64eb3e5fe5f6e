import { Script } from 'node:vm';
import { renderChatTriggerScript } from './chat-trigger-script.util';

const ID = '5be5ae57d6cb009bde8e5674';

/** The argument the script's wrapper is called with, as source text. */
function embeddedLiteral(script: string): string {
  const match = /\}\)\((.*)\);\s*$/.exec(script);
  if (!match) {
    throw new Error('the script does not end with its trigger id argument');
  }
  return match[1];
}

describe('renderChatTriggerScript', () => {
  it('should embed the trigger id once, as a JSON string literal', () => {
    const script = renderChatTriggerScript(ID);

    expect(embeddedLiteral(script)).toBe(`"${ID}"`);
    expect(script.split(ID)).toHaveLength(2);
    expect(script).not.toContain('__CHAT_TRIGGER_ID__');
  });

  it('should compile as plain JavaScript', () => {
    expect(() => new Script(renderChatTriggerScript(ID))).not.toThrow();
  });

  it('should keep any value a plain string literal that cannot close an inline script', () => {
    const hostile = '"</script><script>alert(1)</script>\u2028$&$1\\';

    const literal = embeddedLiteral(renderChatTriggerScript(hostile));

    expect(literal).not.toMatch(/[<>\u2028]/);
    expect(new Script(literal).runInNewContext()).toBe(hostile);
  });
});
