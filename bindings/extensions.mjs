// The parts of the JS API that live in files of their own. Each entry is a function that receives
// the engine objects of bindings/index.mjs's buildApi ({ M, torch, nn, Tensor, Module, ...,
// wrapTensor, rawOf, describe, ... }) and installs its methods and functions on them, before
// torch and nn are frozen. Add a file here by importing its install function into the list.
import { installEngineRef } from './engine-ref.mjs';
import { installTensorMethods } from './tensor_methods.mjs';
import { installDefineModule } from './define_module.mjs';
import { installModuleApi } from './module_api.mjs';
import { installConv } from './conv.mjs';
import { installCriterionContainers } from './criterion_containers.mjs';
import { installStorage } from './storage.mjs';
import { installNnSuggest } from './nn_suggest.mjs';
import { installGraphSketch } from './graph_sketch.mjs';

export const extensions = [installTensorMethods, installStorage, installDefineModule, installModuleApi, installConv,
  installCriterionContainers, installEngineRef, installGraphSketch,
  installNnSuggest];  // after installDefineModule: it wraps the nn that parts.freezeNn returns
