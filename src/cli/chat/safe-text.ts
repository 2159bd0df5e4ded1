// Model and tool text is untrusted: strip control characters so it cannot move the cursor or inject escape sequences.

// C0 controls except tab and newline, DEL, and C1 controls (0x9b is an 8-bit CSI).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}
