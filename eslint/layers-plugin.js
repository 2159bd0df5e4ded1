// ESLint rule `harombe/layers`: rejects imports that cross DESIGN.md's layer boundaries.
import { dirname, join, relative } from 'node:path';
import { layerViolation } from './layer-rules.js';

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer rules of DESIGN.md' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const importer = relative(root, context.filename).replaceAll('\\', '/');
    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      const isRelative = specifier.startsWith('.');
      const target = isRelative
        ? relative(root, join(dirname(context.filename), specifier)).replaceAll('\\', '/')
        : specifier;
      const reason = layerViolation(importer, target, { isRelative });
      if (reason) context.report({ node: source, message: `Layer rule: ${reason}.` });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default { rules: { layers: layersRule } };
