#include "core/explain/weight_maps.h"

#include "core/base/errors.h"

namespace digitscope::core {

Matrix pixelTemplates(const Network& network, int neuronLayer) {
    if (neuronLayer < 1 || neuronLayer >= network.layerCount())
        throw ConfigError("pixelTemplates: layer " + std::to_string(neuronLayer) +
                          " is not a hidden layer of " + network.architecture().sizesString());
    Matrix templates = network.weights(0);  // units(1) x inputs
    for (int l = 1; l < neuronLayer; ++l) {
        Matrix next = network.weights(l) * templates;  // units(l+1) x inputs
        templates = std::move(next);
    }
    return templates;
}

}  // namespace digitscope::core
