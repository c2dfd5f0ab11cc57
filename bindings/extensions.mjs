// The parts of the JS API that live in files of their own. Each entry is a function that receives
// the engine objects of bindings/index.mjs's buildApi ({ M, torch, nn, Tensor, Module, ...,
// wrapTensor, rawOf, describe, ... }) and installs its methods and functions on them, before
// torch and nn are frozen. Add a file here by importing its install function into the list.
import { installConv } from './conv.mjs';

export const extensions = [installConv];
