#pragma once

#include <Eigen/Core>
#include <vector>

namespace digitscope::ui {

// One drawn connection of weight layer l: from unit `from` of layer l to unit `to` of l + 1.
struct Edge {
    int from = 0;
    int to = 0;
    float value = 0;  // the weight, or weight x activation for a pulse
};

// Which edges the view draws. Up to kFullEdges per layer are all drawn (784-16 has 12,544);
// wider layers keep the strongest incoming edges of each neuron, kThinnedEdges in all, so the
// picture stays readable and a repaint stays cheap.
class NetworkEdges {
public:
    static constexpr int kFullEdges = 13000;
    static constexpr int kThinnedEdges = 2048;

    // How many incoming edges per neuron a layer of inputs -> outputs shows.
    static int shownPerNeuron(int inputs, int outputs);

    // weights: outputs x inputs. The `perNeuron` strongest |w| into each output neuron (all
    // when perNeuron >= inputs), grouped by output neuron, in no particular order within one.
    static std::vector<Edge> strongestIncoming(const Eigen::Ref<const Eigen::MatrixXf>& weights,
                                               int perNeuron);

    // weights: outputs x inputs, activation: inputs. The `count` largest |w_ji a_i| of the
    // whole layer, each with value w_ji a_i: what an animation pulse carries.
    static std::vector<Edge> strongestContributions(
        const Eigen::Ref<const Eigen::MatrixXf>& weights,
        const Eigen::Ref<const Eigen::VectorXf>& activation, int count);

    // before, after: outputs x inputs, the same layer's weights at two moments. The `count`
    // largest |after - before| of the whole layer, each with value after - before (none that
    // did not change): the edges a lesson moved most.
    static std::vector<Edge> largestChanges(const Eigen::Ref<const Eigen::MatrixXf>& before,
                                            const Eigen::Ref<const Eigen::MatrixXf>& after,
                                            int count);

    // A robust magnitude for the layer's colour scale: the largest |w| but at most 2.5 x the
    // root mean square, so one outlier does not make every other edge faint.
    static float magnitudeScale(const Eigen::Ref<const Eigen::MatrixXf>& values);
};

}  // namespace digitscope::ui
