import { registeredClassIds, schemaOf } from '../saving/registry.ts';
import { BASE_STEP_FIELDS } from './baseStepFields.ts';
import type { ClassSchema, FieldSpec } from './ClassSchema.ts';
import { describeType } from './describeValue.ts';
import type { FieldType } from './fieldTypes.ts';

/** A class schema as plain JSON: field types as declared, rules as their sentences. */
export interface ClassSchemaJson {
  readonly classId: string;
  readonly kind: 'step' | 'object';
  readonly fields: Record<string, { type: FieldType; required: boolean; doc: string }>;
  readonly hyperparameters?: Record<string, FieldType>;
  readonly rules: string[];
}

function fieldsJson(fields: Readonly<Record<string, FieldSpec>>): ClassSchemaJson['fields'] {
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, { type: f.type, required: !f.optional, doc: f.doc }]),
  );
}

/** Every registered schema as JSON, sorted by class id (the source of truth other implementations read). */
export function schemasAsJson(): { baseStepFields: ClassSchemaJson['fields']; classes: ClassSchemaJson[] } {
  const classes: ClassSchemaJson[] = [];
  for (const classId of registeredClassIds()) {
    const schema = schemaOf(classId);
    if (!schema) continue;
    classes.push({
      classId,
      kind: schema.kind,
      fields: fieldsJson(schema.fields),
      ...(schema.hyperparameters ? { hyperparameters: { ...schema.hyperparameters } } : {}),
      rules: (schema.rules ?? []).map((r) => r.doc),
    });
  }
  return { baseStepFields: fieldsJson(BASE_STEP_FIELDS), classes };
}

function escapePipes(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function fieldRows(fields: Readonly<Record<string, FieldSpec>>): string[] {
  return Object.entries(fields).map(([name, f]) => {
    const tensor = tensorOf(f.type);
    return `| \`${name}\` | ${escapePipes(describeType(f.type))} | ${tensor?.dtypes.join(', ') ?? ''} | ${tensor?.shape ? `[${tensor.shape.join(', ')}]` : ''} | ${f.optional ? 'no' : 'yes'} | ${escapePipes(f.doc)} |`;
  });
}

function tensorOf(type: FieldType): Extract<FieldType, { kind: 'tensor' }> | undefined {
  if (type.kind === 'tensor') return type;
  if (type.kind === 'oneOf') for (const o of type.options) if (o.kind === 'tensor') return o;
  return undefined;
}

const HEAD = ['| field | kind | dtype | shape | required | meaning |', '|---|---|---|---|---|---|'];

/** docs/FORMAT.md's per-class tables, generated from the registered schemas. */
export function schemaTablesMarkdown(): string {
  const out: string[] = ['### Fields of every step (BaseStep)', '', ...HEAD, ...fieldRows(BASE_STEP_FIELDS), ''];
  for (const classId of registeredClassIds()) {
    const schema: ClassSchema | undefined = schemaOf(classId);
    if (!schema) continue;
    out.push(`### \`${classId}\` (${schema.kind === 'step' ? 'step: BaseStep fields plus' : 'object'})`, '');
    if (Object.keys(schema.fields).length > 0) out.push(...HEAD, ...fieldRows(schema.fields));
    else out.push(schema.kind === 'step' ? 'No fields of its own.' : 'No fields.');
    if (schema.hyperparameters) {
      const hp = Object.entries(schema.hyperparameters);
      out.push(
        '',
        `Hyperparameters (\`hyperparams.values\`, \`space.values\` names): ${hp.length === 0 ? 'none' : hp.map(([n, t]) => `\`${n}\` (${escapePipes(describeType(t))})`).join(', ')}.`,
      );
    }
    for (const rule of schema.rules ?? []) out.push('', `- ${rule.doc}`);
    out.push('');
  }
  return out.join('\n');
}
