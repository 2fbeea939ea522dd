#pragma once

#include <Eigen/Core>
#include <QImage>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "core/nn/network.h"
#include "ui/network/gallery_layout.h"
#include "ui/network/network_layout.h"

namespace digitscope::ui {

// Every neuron of a hidden layer at once, as 28 x 28 blue/red maps: for the first hidden layer
// each neuron's incoming weights ("what is it looking for"), for a deeper one its linear
// template in pixel space (core::pixelTemplates: its weights times the layers' below, without
// their ReLUs and biases). Each map has its own symmetric scale; under it the neuron's index
// and its activation now. Many neurons are paged (the wheel turns pages). Hovering or clicking a
// map announces the neuron, numbered as NetworkView's. New weights ~30 times a second (training)
// only mark the maps stale: the next paint rebuilds the shown page.
class WeightGallery : public QWidget {
    Q_OBJECT
public:
    explicit WeightGallery(QWidget* parent = nullptr);

    void setNetwork(std::shared_ptr<const core::Network> network);
    void setTrace(const core::ForwardTrace& trace);  // column 0's activations under the maps
    // A hidden layer, 1-based (the output has no maps); others are clamped to the hidden ones.
    void setLayer(int neuronLayer);
    int layer() const { return m_layer; }
    int hiddenLayers() const;                       // 0 without a network
    void selectNeuron(std::optional<NeuronId> id);  // highlight only, no signal
    int page() const { return m_page; }
    void setPage(int page);
    int pages();

    QString caption() const;  // what the maps are, shown above them
    const GalleryLayout& galleryLayout();
    QImage mapImage(int index);  // the map as painted (tests); null when out of range

    QSize sizeHint() const override { return {380, 420}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

signals:
    void neuronHovered(int layer, int index);
    void neuronClicked(int layer, int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRectF mapsArea() const;
    int unitCount() const;
    void ensureTemplates();

    std::shared_ptr<const core::Network> m_network;
    Eigen::VectorXf m_activations;  // of m_layer, from the last trace
    int m_layer = 1;
    int m_page = 0;
    std::optional<NeuronId> m_selected;
    int m_hovered = -1;
    GalleryLayout m_layout;
    bool m_layoutValid = false;
    core::Matrix m_templates;  // units x inputs, of m_layer (stale when m_templatesValid false)
    bool m_templatesValid = false;
    std::vector<QImage> m_images;  // per unit; null until painted since the last change
};

}  // namespace digitscope::ui
