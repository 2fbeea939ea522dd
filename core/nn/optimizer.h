#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace digitscope::core {

enum class OptimizerKind { Sgd, Momentum, Adam };
enum class Schedule { Constant, Step, Cosine };

std::string toString(OptimizerKind kind);
std::string toString(Schedule schedule);
OptimizerKind parseOptimizer(std::string_view text);  // "sgd" | "momentum" | "adam"
Schedule parseSchedule(std::string_view text);        // "constant" | "step" | "cosine"

struct OptimizerSettings {
    OptimizerKind kind = OptimizerKind::Momentum;
    float learningRate = 0.01f;
    float momentum = 0.9f;     // momentum SGD
    float beta1 = 0.9f;        // Adam
    float beta2 = 0.999f;      // Adam
    float epsilon = 1e-8f;     // Adam
    float weightDecay = 0.0f;  // L2: adds weightDecay * w to every gradient
};

// The learning rate at a point of training: constant; step (times `stepFactor` every
// `stepEvery` epochs); cosine (from the base rate down to zero over the whole run).
struct LearningRateSchedule {
    Schedule kind = Schedule::Constant;
    int stepEvery = 1;
    float stepFactor = 0.5f;

    // progress in [0, 1] of the whole run; epoch counted from 0.
    float rate(float base, int epoch, double progress) const;
};

// One step of SGD, momentum SGD (PyTorch's form: v = mu v + g; w -= lr v) or Adam over the
// flat parameter vector. The state vectors are indexed like the parameters.
class Optimizer {
public:
    Optimizer(OptimizerSettings settings, std::int64_t parameterCount);

    const OptimizerSettings& settings() const { return m_settings; }
    void step(std::span<float> parameters, std::span<float> gradient, float learningRate);
    void reset();  // forget velocity and moments

private:
    OptimizerSettings m_settings;
    std::vector<float> m_first;   // velocity (momentum) or first moment (Adam)
    std::vector<float> m_second;  // second moment (Adam)
    std::int64_t m_steps = 0;
};

}  // namespace digitscope::core
