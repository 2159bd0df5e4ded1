// The part of mvdan-sh (mvdan/sh's bash parser compiled to JS, shipped untyped) that the approval rules read.
declare module 'mvdan-sh' {
  export interface Pos {
    Offset(): number;
  }
  /** A syntax tree node; its fields depend on syntax.NodeType(node) (see mvdan.cc/sh/v3/syntax). */
  export interface ShellNode {
    Pos(): Pos;
    End(): Pos;
    [field: string]: unknown;
  }
  export interface ShellFile extends ShellNode {
    Stmts: ShellNode[];
  }
  export interface Parser {
    /** Throws a Go error (read it with .Error()) when the source is not valid shell. */
    Parse(source: string, name: string): ShellFile;
  }
  const sh: {
    syntax: {
      NewParser(...options: unknown[]): Parser;
      NodeType(node: ShellNode): string;
      Walk(node: ShellNode, visit: (node: ShellNode | null) => boolean): void;
    };
  };
  export default sh;
}
