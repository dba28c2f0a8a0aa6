import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import {
  DECORATORS,
  type OpenAPIObject,
  type ParameterObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { validationConstraints } from './validation-constraints.js';

interface RouteInputs {
  body?: Type;
  query?: Type;
}

/**
 * Writes the validation rules of every body and query DTO into the document: lengths, bounds,
 * patterns, enums and formats from class-validator, defaults from the class's initialisers.
 */
export function applyDtoConstraints(app: INestApplication, document: OpenAPIObject): void {
  const patched = new Set<Type>();
  for (const [operationId, inputs] of routeInputs(app)) {
    const operation = findOperation(document, operationId);
    if (inputs.body) patchSchema(document, inputs.body, patched);
    if (inputs.query && operation) patchQueryParameters(operation.parameters ?? [], inputs.query);
  }
}

function* routeInputs(app: INestApplication): Generator<[string, RouteInputs]> {
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, handler as object) as
          { operationId?: string } | undefined;
        if (!operation?.operationId) continue;
        yield [operation.operationId, inputsOf(controller, method)];
      }
    }
  }
}

function inputsOf(controller: Type, method: string): RouteInputs {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const prototype = controller.prototype as object;
  const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as Type[];
  const inputs: RouteInputs = {};
  for (const [key, arg] of Object.entries(args)) {
    // Keys are "<paramtype>:<index>"; only whole-object bodies and queries carry a DTO class.
    const paramtype = key.split(':')[0];
    if (arg.data !== undefined) continue;
    if (paramtype === String(RouteParamtypes.BODY)) inputs.body = types[arg.index];
    if (paramtype === String(RouteParamtypes.QUERY)) inputs.query = types[arg.index];
  }
  return inputs;
}

function findOperation(document: OpenAPIObject, operationId: string) {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (operation?.operationId === operationId) return operation;
    }
  }
  return undefined;
}

function patchSchema(document: OpenAPIObject, dto: Type, patched: Set<Type>): void {
  if (patched.has(dto)) return;
  patched.add(dto);
  const schema = document.components?.schemas?.[dto.name] as SchemaObject | undefined;
  const properties = (schema?.properties ?? {}) as Record<string, SchemaObject>;
  const defaults = new dto() as Record<string, unknown>;
  for (const [name, rules] of validationConstraints(dto)) {
    const property = properties[name];
    if (!property) continue;
    mergeInto(property, rules.schema, rules.items, defaults[name]);
  }
  for (const name of Object.keys(properties)) {
    const nested = nestedType(dto, name);
    if (nested) patchSchema(document, nested, patched);
  }
}

function patchQueryParameters(parameters: unknown[], dto: Type): void {
  const defaults = new dto() as Record<string, unknown>;
  const rules = validationConstraints(dto);
  for (const parameter of parameters as ParameterObject[]) {
    const rule = parameter.in === 'query' ? rules.get(parameter.name) : undefined;
    if (!rule) continue;
    parameter.schema ??= {};
    mergeInto(parameter.schema as SchemaObject, rule.schema, rule.items, defaults[parameter.name]);
  }
}

function mergeInto(
  target: SchemaObject,
  schema: SchemaObject,
  items: SchemaObject,
  value: unknown,
) {
  Object.assign(target, schema);
  if (Object.keys(items).length > 0) {
    target.items = { ...(target.items as SchemaObject), ...items };
  }
  if (value !== undefined) target.default = value;
}

// The class behind a property that @ApiProperty declared as another DTO (lazily, or directly).
function nestedType(dto: Type, property: string): Type | undefined {
  const prototype = dto.prototype as object;
  const metadata = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, property) as
    { type?: unknown } | undefined;
  let type = metadata?.type;
  if (typeof type === 'function' && !type.prototype) type = (type as () => unknown)();
  if (
    typeof type !== 'function' ||
    [String, Number, Boolean, Object, Array].includes(type as never)
  )
    return undefined;
  return type as Type;
}
