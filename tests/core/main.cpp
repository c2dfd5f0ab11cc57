// doctest's main for the core suite; the same sources run natively and as wasm under node.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
