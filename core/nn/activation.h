#pragma once

#include <Eigen/Core>

#include "core/nn/architecture.h"

namespace digitscope::core {

// m <- f(m), element-wise:
//   sigmoid(z) = 1 / (1 + e^-z), relu(z) = max(0, z), tanh(z).
void applyActivation(Activation activation, Eigen::MatrixXf& m);

// delta <- delta .* f'(z), with f'(z) written through a = f(z) so that training need not
// keep z:  sigmoid' = a (1 - a),  relu' = [a > 0],  tanh' = 1 - a^2.
void multiplyByDerivative(Activation activation, const Eigen::MatrixXf& a, Eigen::MatrixXf& delta);

// Each column of m (one sample's logits) becomes its softmax. The column maximum is
// subtracted before exp, so large logits cannot overflow.
void softmaxColumns(Eigen::MatrixXf& m);

}  // namespace digitscope::core
