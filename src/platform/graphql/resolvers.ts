import type { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { RESOLVER_NAME_METADATA } from '@nestjs/graphql';

type ModuleImport = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * The GraphQL resolver classes a module graph registers as providers, found by walking its
 * imports as Nest does at boot, without instantiating anything. The schema export builds from
 * `findResolvers(AppModule.forRoot(...))`, so there is no second list of resolvers to keep in step.
 */
export async function findResolvers(root: ModuleImport): Promise<Type[]> {
  const visited = new Set<unknown>();
  const resolvers = new Set<Type>();

  const visit = async (entry: ModuleImport | undefined): Promise<void> => {
    const ref = await entry;
    if (!ref || visited.has(ref)) return;
    visited.add(ref);
    if ('forwardRef' in ref) return visit((ref.forwardRef as () => ModuleImport)());
    // A dynamic module adds its own imports and providers to those of its @Module() class.
    if ('module' in ref) {
      await visit(ref.module);
      ref.providers?.forEach((provider) => addIfResolver(provider));
      for (const child of ref.imports ?? []) await visit(child);
      return;
    }
    const providers = (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, ref) ?? []) as Provider[];
    providers.forEach((provider) => addIfResolver(provider));
    const imports = (Reflect.getMetadata(MODULE_METADATA.IMPORTS, ref) ?? []) as ModuleImport[];
    for (const child of imports) await visit(child);
  };

  const addIfResolver = (provider: Provider): void => {
    const type =
      typeof provider === 'function' ? provider : 'useClass' in provider && provider.useClass;
    if (type && Reflect.hasMetadata(RESOLVER_NAME_METADATA, type)) resolvers.add(type);
  };

  await visit(root);
  return [...resolvers];
}
