#include "ui/network/weight_gallery.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "core/explain/weight_maps.h"
#include "ui/network/neuron_colours.h"
#include "ui/network/signed_map.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;
constexpr double kMinCell = 36.0;
constexpr double kMaxCell = 120.0;

int squareSide(int units) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(units))));
    return side * side == units ? side : 0;
}

}  // namespace

WeightGallery::WeightGallery(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

int WeightGallery::hiddenLayers() const {
    return m_network ? m_network->layerCount() - 1 : 0;
}

int WeightGallery::unitCount() const {
    if (!m_network || hiddenLayers() < 1) return 0;
    return m_network->architecture().sizes[static_cast<std::size_t>(m_layer)];
}

void WeightGallery::setNetwork(std::shared_ptr<const core::Network> network) {
    const bool sameShape =
        network && m_network && network->architecture().sizes == m_network->architecture().sizes;
    m_network = std::move(network);
    m_templatesValid = false;
    m_images.assign(static_cast<std::size_t>(std::max(0, unitCount())), QImage());
    if (!sameShape) {
        m_layer = std::clamp(m_layer, 1, std::max(1, hiddenLayers()));
        m_images.assign(static_cast<std::size_t>(std::max(0, unitCount())), QImage());
        m_activations.resize(0);
        m_layoutValid = false;
        m_page = 0;
        m_hovered = -1;
    }
    update();
}

void WeightGallery::setTrace(const core::ForwardTrace& trace) {
    const auto layer = static_cast<std::size_t>(m_layer);
    if (layer < trace.activations.size() && trace.activations[layer].cols() > 0)
        m_activations = trace.activations[layer].col(0);
    else
        m_activations.resize(0);
    update();
}

void WeightGallery::setLayer(int neuronLayer) {
    neuronLayer = std::clamp(neuronLayer, 1, std::max(1, hiddenLayers()));
    if (neuronLayer == m_layer) return;
    m_layer = neuronLayer;
    m_templatesValid = false;
    m_images.assign(static_cast<std::size_t>(std::max(0, unitCount())), QImage());
    m_activations.resize(0);
    m_layoutValid = false;
    m_page = 0;
    m_hovered = -1;
    update();
}

void WeightGallery::selectNeuron(std::optional<NeuronId> id) {
    if (id == m_selected) return;
    m_selected = id;
    // Turn to the selected neuron's page.
    if (id && id->layer == m_layer && galleryLayout().perPage() > 0)
        m_page = id->index / galleryLayout().perPage();
    update();
}

int WeightGallery::pages() {
    return galleryLayout().pages();
}

void WeightGallery::setPage(int page) {
    const int clamped = std::clamp(page, 0, std::max(0, pages() - 1));
    if (clamped == m_page) return;
    m_page = clamped;
    update();
}

QString WeightGallery::caption() const {
    if (!m_network) return tr("No model loaded");
    if (hiddenLayers() < 1) return tr("This network has no hidden layer");
    if (squareSide(m_network->architecture().inputSize()) == 0)
        return tr("The input is not a square image");
    if (m_layer == 1)
        return tr("Hidden layer 1: each neuron's %1 incoming weights · blue +, red −")
            .arg(m_network->architecture().inputSize());
    return tr("Hidden layer %1: linear part of each template (W%1·…·W1, ReLUs left out)")
        .arg(m_layer);
}

QRectF WeightGallery::mapsArea() const {
    const QFontMetrics metrics(font());
    return QRectF(8, metrics.height() + 10, width() - 16,
                  height() - metrics.height() * 2 - 18);  // a line below for the page
}

const GalleryLayout& WeightGallery::galleryLayout() {
    if (!m_layoutValid) {
        const QFontMetrics metrics(font());
        m_layout = GalleryLayout(unitCount(), mapsArea(), kMinCell, kMaxCell, metrics.height() + 2);
        m_layoutValid = true;
        m_page = std::clamp(m_page, 0, std::max(0, m_layout.pages() - 1));
    }
    return m_layout;
}

void WeightGallery::ensureTemplates() {
    if (m_templatesValid) return;
    m_templates = m_network && hiddenLayers() >= 1 ? core::pixelTemplates(*m_network, m_layer)
                                                   : core::Matrix();
    m_templatesValid = true;
}

QImage WeightGallery::mapImage(int index) {
    const int side = m_network ? squareSide(m_network->architecture().inputSize()) : 0;
    if (side == 0 || index < 0 || index >= unitCount()) return {};
    QImage& image = m_images[static_cast<std::size_t>(index)];
    if (image.isNull()) {
        ensureTemplates();
        image = signedMapImage(m_templates.row(index).transpose(), side);
    }
    return image;
}

void WeightGallery::resizeEvent(QResizeEvent*) {
    m_layoutValid = false;
}

void WeightGallery::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    const QFontMetrics metrics(font());
    painter.setPen(colours::kMutedText);
    painter.drawText(QRectF(8, 4, width() - 16, metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(caption(), Qt::ElideRight, width() - 16));
    const GalleryLayout& grid = galleryLayout();
    if (grid.count() == 0 || mapImage(0).isNull()) return;
    const int first = m_page * grid.perPage();
    const int last = std::min(grid.count(), first + grid.perPage());
    for (int i = first; i < last; ++i) {
        const QRectF box = grid.mapRect(i, m_page);
        painter.drawImage(box, mapImage(i));  // nearest neighbour: one square per weight
        const bool selected = m_selected && m_selected->layer == m_layer && m_selected->index == i;
        if (selected || i == m_hovered) {
            painter.setPen(QPen(selected ? colours::kSelection : QColor(Qt::white), 2.0));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(-1, -1, 1, 1));
        }
        QString label = QString::number(i);
        const QString withValue =
            i < m_activations.size() ? label + QStringLiteral(" · %1").arg(
                                                   static_cast<double>(m_activations(i)), 0, 'f', 2)
                                     : label;
        if (metrics.horizontalAdvance(withValue) <= box.width() + 4) label = withValue;
        const QRectF under(box.left() - 2, box.bottom() + 1, box.width() + 4, metrics.height());
        painter.setPen(selected ? colours::kSelection : colours::kMutedText);
        painter.drawText(
            under, Qt::AlignHCenter | Qt::AlignTop,
            metrics.elidedText(label, Qt::ElideRight, static_cast<int>(under.width())));
    }
    if (grid.pages() > 1) {
        painter.setPen(colours::kMutedText);
        painter.drawText(QRectF(8, height() - metrics.height() - 4, width() - 16, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         tr("page %1 of %2 · scroll for more").arg(m_page + 1).arg(grid.pages()));
    }
}

void WeightGallery::mouseMoveEvent(QMouseEvent* event) {
    const int hit = galleryLayout().hitTest(event->position(), m_page);
    if (hit == m_hovered) return;
    m_hovered = hit;
    update();
    if (hit >= 0) emit neuronHovered(m_layer, hit);
}

void WeightGallery::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const int hit = galleryLayout().hitTest(event->position(), m_page);
    if (hit < 0) return;
    m_selected = NeuronId{m_layer, hit};
    update();
    emit neuronClicked(m_layer, hit);
}

void WeightGallery::wheelEvent(QWheelEvent* event) {
    if (pages() <= 1) return QWidget::wheelEvent(event);
    const int steps = event->angleDelta().y() / 120;
    if (steps != 0) setPage(m_page - steps);
    event->accept();
}

void WeightGallery::leaveEvent(QEvent*) {
    if (m_hovered < 0) return;
    m_hovered = -1;
    update();
}

}  // namespace digitscope::ui
