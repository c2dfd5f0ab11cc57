// The question that started the project, in C++. The Lua was:
//
//   input1 = nn.Identity()();  input2 = nn.Identity()()
//   score  = nn.CAddTable()({nn.Linear(3,5)(input1), nn.Linear(3,5)(input2)})
//   g      = nn.gModule({input1, input2}, {score})
//   x = torch.rand(3,3);  x_p = nn.Linear(3,3):forward(x)
//   result   = g:forward({x, x_p})
//   gradient = g:backward({x, x_p}, torch.rand(result:size()))   -- why two tensors?
//   g:backward(x, err)                                              -- why no error?
//
// Run: ./build/native/seed_example
#include <iostream>
#include <memory>

#include "core/graph.h"
#include "core/modules/CAddTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/random.h"

using namespace nn;

int main() {
  manualSeed(1);
  auto input1 = Node::input(std::make_shared<Identity>());
  auto input2 = Node::input(std::make_shared<Identity>());
  input1->annotate("input1");
  input2->annotate("input2");
  auto score = Node::make(std::make_shared<CAddTable>(),
                          {Node::make(std::make_shared<Linear>(3, 5), {input1}),
                           Node::make(std::make_shared<Linear>(3, 5), {input2})},
                          /*asTable=*/true);
  score->annotate("score");
  gModule g({input1, input2}, {score});

  const Tensor x = Tensor::rand({3, 3});
  Linear projection(3, 3);
  const Tensor xp = projection.forward(x).tensor().clone();
  const Value input = Value::table({x, xp});

  const Tensor result = g.forward(input).tensor().clone();
  std::cout << "result = g:forward({x, x_p})  (" << result.shapeString() << ")\n" << result.toString() << "\n";

  const Tensor err = Tensor::rand(result.sizes());
  const Value gradient = g.backward(input, err);
  // gradInput mirrors input: one gradient per graph input, in the order of gModule's inputs.
  std::cout << "gradient = g:backward({x, x_p}, err) is " << gradient.describe()
            << ": one gradient per input of the graph\n\n";
  for (size_t i = 0; i < gradient.size(); ++i) {
    const Tensor& d = gradient[i].tensor();
    std::cout << "\u2202score/\u2202" << g.inputNodes()[i]->name() << " (" << d.shapeString() << ")\n"
              << d.toString() << "\n";
  }

  std::cout << "g:backward(x, err), with x instead of {x, x_p}:\n";
  try {
    g.backward(x, err);
    std::cout << "  no error (this should not happen)\n";
    return 1;
  } catch (const Error& e) {
    std::cout << "  Error: " << e.what() << "\n";
  }
  return 0;
}
