#include "core/nn/activation.h"

namespace digitscope::core {

void applyActivation(Activation activation, Eigen::MatrixXf& m) {
    switch (activation) {
        case Activation::Sigmoid:
            m = m.array().logistic();
            break;
        case Activation::Relu:
            m = m.cwiseMax(0.0f);
            break;
        case Activation::Tanh:
            m = m.array().tanh();
            break;
    }
}

void multiplyByDerivative(Activation activation, const Eigen::MatrixXf& a, Eigen::MatrixXf& delta) {
    switch (activation) {
        case Activation::Sigmoid:
            delta.array() *= a.array() * (1.0f - a.array());
            break;
        case Activation::Relu:
            delta = (a.array() > 0.0f).select(delta, 0.0f);
            break;
        case Activation::Tanh:
            delta.array() *= 1.0f - a.array().square();
            break;
    }
}

void softmaxColumns(Eigen::MatrixXf& m) {
    // m: classes x B
    m.rowwise() -= m.colwise().maxCoeff();
    m = m.array().exp();
    m.array().rowwise() /= m.colwise().sum().array();
}

}  // namespace digitscope::core
