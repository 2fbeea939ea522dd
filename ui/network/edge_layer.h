#pragma once

#include <QImage>
#include <QPainter>
#include <QPoint>
#include <QSize>
#include <QString>
#include <vector>

#include "core/nn/network.h"
#include "ui/network/edge_rasterizer.h"
#include "ui/network/network_edges.h"
#include "ui/network/network_layout.h"

namespace digitscope::ui {

// The network view's static picture of the weights: every drawn edge, blue for positive and
// red for negative, wider and more opaque the stronger it is. Weights change ~30 times a
// second while training and the geometry on resize, but the input on every mouse move, so
// the edges are drawn once into an image and the view paints the activations over it.
//
// render() keeps only scratch buffers between calls: an instance may be used on any one
// thread at a time (the view's EdgeImageWorker owns one on its thread).
class EdgeLayer {
public:
    // The background and edges of `network` for this layout, size (logical pixels) and device
    // pixel ratio: an opaque RGB32 image, a fresh one each call (safe to hand to another
    // thread). A layout of another architecture gives the plain background.
    QImage render(const core::Network& network, const NetworkLayout& layout, QSize size, qreal dpr);

    // The edges whose weights changed most from `before` to `network` (kGlowEdges per weight
    // layer at most), lit over `edges` (the picture render() made of `network`): only the
    // rectangle they light, as a copy to paint over the picture at `origin` (device pixels)
    // with the glow's fading opacity. A null image when nothing changed.
    struct Glow {
        QImage image;
        QPoint origin;
        int edges = 0;  // how many edges glow
    };
    static constexpr int kGlowEdges = 120;
    Glow renderGlow(const core::Network& before, const core::Network& network,
                    const NetworkLayout& layout, const QImage& edges);

    // "showing the strongest incoming edges per neuron: 8 of 784 into layer 1", or empty
    // when every edge is drawn. From the architecture alone (sizes: units per layer), so the
    // view can make room for it before the first picture.
    static QString thinningNote(const std::vector<int>& sizes);

    // Draws edges of one weight layer in a few batches by sign and strength (one drawLines
    // call each): only the stretch from `tail` to `head` (fractions along each edge), so the
    // same code draws the static edges (0 to 1) and a travelling pulse. `boost` scales
    // opacity and width (density: many overlapping edges must each be fainter).
    static void drawEdges(QPainter& painter, const NetworkLayout& layout, int weightLayer,
                          const std::vector<Edge>& edges, float scale, double boost,
                          double tail = 0.0, double head = 1.0);
    // The same stretches as lines for an EdgeRasterizer (device pixels at `dpr`), appended to
    // `lines`: drawn as added light without QPainter, whose antialiased strokes hand their
    // spans to Qt's thread pool and wait for it, a stall on a busy machine (the pulses).
    static void appendEdgeLines(const NetworkLayout& layout, int weightLayer,
                                const std::vector<Edge>& edges, float scale, double boost,
                                qreal dpr, double tail, double head,
                                std::vector<EdgeRasterizer::Line>& lines);
    // The opacity/width factor for a layer showing `perNeuron` incoming edges per neuron.
    static double densityBoost(int perNeuron);

private:
    void chooseEdges(const core::Network& network);
    void rasterize(const NetworkLayout& layout, int weightLayer, qreal dpr);  // into m_lines

    // Scratch of the last render, per weight layer.
    std::vector<std::vector<Edge>> m_edges;
    std::vector<float> m_scales;
    std::vector<int> m_perNeuron;
    EdgeRasterizer m_rasterizer;
    std::vector<EdgeRasterizer::Line> m_lines;
};

}  // namespace digitscope::ui
