#pragma once

#include <QPointF>
#include <QRectF>
#include <optional>
#include <vector>

namespace digitscope::ui {

// One neuron of the view: layer 0 is the input, 1 .. n-1 the hidden layers, n the output
// (n = the network's weight-layer count). NetworkView and NeuronInspector share this numbering.
struct NeuronId {
    int layer = -1;
    int index = -1;
    bool operator==(const NeuronId&) const = default;
};

// Where every neuron of an architecture sits in a rectangle: the input as a square grid when
// its size is a square (784 -> 28 x 28), otherwise as a column like the other layers; each
// further layer a column of cells, evenly spaced, centred vertically. Layers with more
// units than fit as round neurons get smaller cells packed edge to edge, never overflowing.
// Plain geometry, no painting, so that hit-testing and placement are testable.
class NetworkLayout {
public:
    NetworkLayout() = default;
    // sizes: units per layer, input first (e.g. {784, 16, 16, 10}); area: where to lay out.
    NetworkLayout(std::vector<int> sizes, QRectF area);

    static constexpr double kMaxPitch = 40.0;   // spacing of neurons in a short column
    static constexpr double kRoundPitch = 9.0;  // below this pitch cells are drawn as bars

    bool isEmpty() const { return m_sizes.empty(); }
    const std::vector<int>& sizes() const { return m_sizes; }
    QRectF area() const { return m_area; }
    int layerCount() const { return static_cast<int>(m_sizes.size()); }  // input included
    int size(int layer) const { return m_sizes[layer]; }
    bool contains(NeuronId id) const;

    bool inputIsGrid() const { return m_gridSide > 0; }
    int gridSide() const { return m_gridSide; }
    QRectF gridRect() const { return m_gridRect; }  // the input grid (inputIsGrid() only)

    double columnX(int layer) const { return m_columnX[layer]; }
    double pitch(int layer) const { return m_pitch[layer]; }  // distance between neighbours
    bool roundCells(int layer) const;  // circles when there is room, bars otherwise
    QPointF centre(NeuronId id) const;
    QRectF cellRect(NeuronId id) const;                    // what is filled for the neuron
    QRectF columnRect(int layer) const;                    // all of a layer's cells
    QPointF edgeAnchor(NeuronId id, bool incoming) const;  // where edges meet the neuron

    // The neuron under a point, if any (a little tolerance around small cells).
    std::optional<NeuronId> hitTest(QPointF point) const;

private:
    std::vector<int> m_sizes;
    QRectF m_area;
    int m_gridSide = 0;
    QRectF m_gridRect;
    std::vector<double> m_columnX;  // centre x of each layer's column (input: grid centre)
    std::vector<double> m_top;      // y of the first cell's slot
    std::vector<double> m_pitch;
    std::vector<double> m_cellWidth;
};

}  // namespace digitscope::ui
