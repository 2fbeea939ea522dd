#pragma once

#include <QImage>
#include <QPainter>
#include <QSize>
#include <QString>
#include <memory>
#include <vector>

#include "core/network.h"
#include "ui/edge_rasterizer.h"
#include "ui/network_edges.h"
#include "ui/network_layout.h"

namespace digitscope::ui {

// The network view's static picture of the weights: every drawn edge, blue for positive and
// red for negative, wider and more opaque the stronger it is. Weights change ~30 times a
// second while training and the geometry on resize, but the input on every mouse move, so
// the edges are drawn once into an image and the view paints the activations over it.
class EdgeLayer {
public:
    // New weights: the chosen edges and the picture are rebuilt at the next image() call.
    void setNetwork(std::shared_ptr<const core::Network> network);
    void invalidateImage() { m_imageValid = false; }

    // The background and edges for this layout, size (logical pixels) and device pixel ratio;
    // rebuilt only when something changed since the last call, so at most once per paint.
    const QImage& image(const NetworkLayout& layout, QSize size, qreal dpr);

    int weightLayerCount() const { return static_cast<int>(m_edges.size()); }
    const std::vector<Edge>& edges(int weightLayer) const { return m_edges[weightLayer]; }
    float scale(int weightLayer) const { return m_scales[weightLayer]; }
    int shownPerNeuron(int weightLayer) const { return m_perNeuron[weightLayer]; }
    // "showing the strongest incoming edges per neuron: 8 of 784 into layer 1", or empty
    // when every edge is drawn.
    QString thinningNote() const;

    // Draws edges of one weight layer in a few batches by sign and strength (one drawLines
    // call each): only the stretch from `tail` to `head` (fractions along each edge), so the
    // same code draws the static edges (0 to 1) and a travelling pulse. `boost` scales
    // opacity and width (density: many overlapping edges must each be fainter).
    static void drawEdges(QPainter& painter, const NetworkLayout& layout, int weightLayer,
                          const std::vector<Edge>& edges, float scale, double boost,
                          double tail = 0.0, double head = 1.0);
    // The opacity/width factor for a layer showing `perNeuron` incoming edges per neuron.
    static double densityBoost(int perNeuron);

private:
    void chooseEdges();
    void rasterize(const NetworkLayout& layout, int weightLayer, qreal dpr);  // into m_lines

    std::shared_ptr<const core::Network> m_network;
    bool m_edgesValid = false;
    bool m_imageValid = false;
    std::vector<std::vector<Edge>> m_edges;  // per weight layer
    std::vector<float> m_scales;
    std::vector<int> m_perNeuron;
    EdgeRasterizer m_rasterizer;
    std::vector<EdgeRasterizer::Line> m_lines;
    QImage m_image;
    QRectF m_imageArea;
};

}  // namespace digitscope::ui
