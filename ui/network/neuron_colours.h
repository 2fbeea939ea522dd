#pragma once

#include <Eigen/Core>
#include <QColor>

namespace digitscope::ui {

// The colours the network view and the neuron inspector share, as in 3Blue1Brown's video:
// a dark background, neurons from black (0) to white (1), weights blue (positive) and red
// (negative).
namespace neuron_colours {

inline const QColor kBackground(0x0f, 0x12, 0x17);
inline const QColor kPositive(0x4f, 0x9b, 0xff);
inline const QColor kNegative(0xff, 0x55, 0x4a);
inline const QColor kWinner(0xf5, 0xb3, 0x42);  // as the prediction bars
inline const QColor kSelection(0xff, 0xd3, 0x6b);
inline const QColor kGlow(0xff, 0xe8, 0xa8);  // edges a lesson just changed most
inline const QColor kText(0xd8, 0xdc, 0xe3);
inline const QColor kMutedText(0x86, 0x8f, 0x9c);

// A neuron's fill: 0 black, 1 white; above 1 (ReLU) white warming to yellow by 8 and beyond;
// below 0 (tanh) black reddening towards -1.
QColor activation(float value);

// A layer's colour scale for unbounded activations (ReLU): the value shown as white, the
// layer's largest finite activation, at least 1. So 0 stays black and the most active neuron of
// each layer is white, instead of every value above 1 looking alike.
float layerScale(const Eigen::VectorXf& activations);

// A neuron's fill on its layer's scale: activation(value / scale) for scale >= 1.
QColor scaledActivation(float value, float scale);

// A weight (or weight x activation) relative to `scale`: the background at 0, full blue or
// red at |value| >= scale. Used for the inspector's heat map and bars.
QColor weight(float value, float scale);

}  // namespace neuron_colours
}  // namespace digitscope::ui
