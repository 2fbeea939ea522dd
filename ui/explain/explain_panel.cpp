#include "ui/explain/explain_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/explain/arithmetic_view.h"
#include "ui/explain/confusion_view.h"
#include "ui/explain/digit_gallery.h"
#include "ui/explain/dream_view.h"
#include "ui/explain/saliency_view.h"
#include "ui/network/weight_gallery.h"

namespace digitscope::ui {
namespace {

QWidget* page(const QString& name, QLayout* layout) {
    auto* widget = new QWidget;
    widget->setObjectName(name);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    widget->setLayout(layout);
    return widget;
}

QLabel* note(const QString& text) {
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    label->setContentsMargins(8, 4, 8, 4);
    label->setEnabled(false);
    return label;
}

}  // namespace

ExplainPanel::ExplainPanel(QWidget* parent) : QTabWidget(parent) {
    setDocumentMode(true);
    m_weightsTab = createWeightsTab();
    m_whyTab = createWhyTab();
    m_neuronTab = createNeuronTab();
    m_dreamsTab = createDreamsTab();
    m_mistakesTab = createMistakesTab();
    addTab(m_weightsTab, tr("Weights"));
    addTab(m_whyTab, tr("Why"));
    addTab(m_neuronTab, tr("Neuron"));
    addTab(m_dreamsTab, tr("Dreams"));
    addTab(m_mistakesTab, tr("Mistakes"));
    setTabToolTip(0, tr("What every neuron of a hidden layer looks for"));
    setTabToolTip(1, tr("Which pixels pushed the answer, and which the runner-up"));
    setTabToolTip(2, tr("The selected neuron's weighted sum, with the real numbers"));
    setTabToolTip(3, tr("The input a neuron would love most"));
    setTabToolTip(4, tr("The confusion matrix of a set of digits, and its digits"));
    connect(this, &QTabWidget::currentChanged, this, [this] { refreshShownTab(); });
    m_confusionTimer.setSingleShot(true);
    connect(&m_confusionTimer, &QTimer::timeout, this, &ExplainPanel::requestConfusion);
}

ExplainPanel::~ExplainPanel() = default;

QWidget* ExplainPanel::tab(const QString& objectName) const {
    return findChild<QWidget*>(objectName);
}

QWidget* ExplainPanel::createWeightsTab() {
    auto* layout = new QVBoxLayout;
    m_layerChoice = new QComboBox;
    m_layerChoice->setToolTip(tr("The hidden layer whose neurons are shown"));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(8, 6, 8, 2);
    row->addWidget(m_layerChoice, 1);
    layout->addLayout(row);
    m_gallery = new WeightGallery;
    layout->addWidget(m_gallery, 1);
    connect(m_layerChoice, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_gallery->setLayer(index + 1);
        m_gallery->setTrace(m_trace);
        m_gallery->selectNeuron(m_selected);
    });
    connect(m_gallery, &WeightGallery::neuronHovered, this, &ExplainPanel::galleryNeuron);
    connect(m_gallery, &WeightGallery::neuronClicked, this, &ExplainPanel::galleryNeuron);
    return page(QStringLiteral("weightsTab"), layout);
}

QWidget* ExplainPanel::createWhyTab() {
    auto* layout = new QVBoxLayout;
    m_saliency = new SaliencyView;
    layout->addWidget(m_saliency, 1);
    m_onCanvas = new QCheckBox(tr("Show on the canvas"));
    m_onCanvas->setObjectName(QStringLiteral("saliencyOnCanvas"));
    m_onCanvas->setToolTip(
        tr("Lay gradient × input over the drawing on the canvas, where each input pixel came "
           "from; it follows the drawing while this is on, whichever tab is shown"));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(8, 4, 8, 0);
    row->addWidget(m_onCanvas);
    row->addStretch();
    layout->addLayout(row);
    connect(m_onCanvas, &QCheckBox::toggled, this, [this] {
        refreshShownTab();  // computes the saliency if it is out of date
        emitCanvasOverlay();
    });
    layout->addWidget(
        note(tr("Gradient × input: how much each pixel's ink moves the margin, to first order. "
                "Occlusion: how much the margin drops when the 3×3 patch around a pixel is "
                "erased. Both follow the drawing as it changes.")));
    return page(QStringLiteral("whyTab"), layout);
}

QWidget* ExplainPanel::createNeuronTab() {
    auto* layout = new QVBoxLayout;
    m_arithmetic = new ArithmeticView;
    layout->addWidget(m_arithmetic, 1);
    return page(QStringLiteral("neuronTab"), layout);
}

QWidget* ExplainPanel::createDreamsTab() {
    auto* layout = new QVBoxLayout;
    m_dreams = new DreamView;
    layout->addWidget(m_dreams, 1);
    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 4);
    m_drawDream = new QPushButton(tr("Draw the dream"));
    m_drawNoise = new QPushButton(tr("Draw the noise"));
    m_drawDream->setToolTip(tr("Put the regularised dream on the canvas"));
    m_drawNoise->setToolTip(
        tr("Put the unregularised dream on the canvas: noise the network answers with confidence"));
    buttons->addWidget(m_drawDream);
    buttons->addWidget(m_drawNoise);
    layout->addLayout(buttons);
    layout->addWidget(
        note(tr("Without a neuron selected, the dreams are of output 5: the "
                "video's \"perfect 5\" is noise, yet the network is sure of it.")));
    connect(m_drawDream, &QPushButton::clicked, this, [this] { drawDream(true); });
    connect(m_drawNoise, &QPushButton::clicked, this, [this] { drawDream(false); });
    m_drawDream->setEnabled(false);
    m_drawNoise->setEnabled(false);
    return page(QStringLiteral("dreamsTab"), layout);
}

QWidget* ExplainPanel::createMistakesTab() {
    auto* layout = new QVBoxLayout;
    m_sourceChoice = new QComboBox;
    m_sourceChoice->setObjectName(QStringLiteral("mistakeSource"));
    m_sourceChoice->addItem(tr("MNIST test set"), static_cast<int>(DigitSet::Source::MnistTest));
    m_sourceChoice->addItem(tr("Pen digits (bundled writers)"),
                            static_cast<int>(DigitSet::Source::PenDigits));
    m_sourceChoice->addItem(tr("My digits"), static_cast<int>(DigitSet::Source::MyDigits));
    m_sourceChoice->setToolTip(tr("Which labelled digits the current model classifies"));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(8, 6, 8, 2);
    row->addWidget(m_sourceChoice, 1);
    layout->addLayout(row);
    m_mistakesStatus = note(tr("No test set yet"));
    layout->addWidget(m_mistakesStatus);
    m_confusion = new ConfusionView;
    layout->addWidget(m_confusion, 3);
    m_digits = new DigitGallery;
    layout->addWidget(m_digits, 2);
    connect(m_sourceChoice, &QComboBox::currentIndexChanged, this, [this] {
        m_report.reset();
        m_reportSet.reset();
        m_gallerySet.reset();
        m_confusion->clear(tr("Classifying…"));
        m_digits->setItems({}, {});
        m_confusionStale = true;
        m_confusionTimer.stop();
        m_sinceConfusion.invalidate();  // a choice is answered at once
        refreshShownTab();
    });
    connect(m_confusion, &ConfusionView::cellClicked, this, &ExplainPanel::showCell);
    connect(m_digits, &DigitGallery::digitClicked, this, &ExplainPanel::mistakeDigitClicked);
    return page(QStringLiteral("mistakesTab"), layout);
}

void ExplainPanel::setSaliencyOnCanvas(bool on) {
    m_onCanvas->setChecked(on);
}

bool ExplainPanel::saliencyOnCanvas() const {
    return m_onCanvas->isChecked();
}

bool ExplainPanel::tabShown(QWidget* tab) const {
    return currentWidget() == tab && isVisible();
}

void ExplainPanel::refreshShownTab() {
    if (tabShown(m_neuronTab)) updateArithmetic();
    // The canvas overlay needs the saliency whichever tab is shown.
    if ((tabShown(m_whyTab) || m_onCanvas->isChecked()) && m_saliencyStale) requestSaliency();
    if (tabShown(m_dreamsTab) && m_dreamsStale) requestDreams();
    if (tabShown(m_mistakesTab) && m_confusionStale && !m_confusionTimer.isActive()) {
        // New weights ~30 times a second while training: a whole-set pass at most every second.
        const qint64 wait = m_sinceConfusion.isValid() ? 1000 - m_sinceConfusion.elapsed() : 0;
        m_confusionTimer.start(static_cast<int>(std::max<qint64>(0, wait)));
    }
}

void ExplainPanel::setNetwork(std::shared_ptr<const core::Network> network) {
    if (network == m_network) return;
    const bool sameShape =
        network && m_network && network->architecture().sizes == m_network->architecture().sizes;
    m_network = std::move(network);
    m_gallery->setNetwork(m_network);
    if (!sameShape) {
        const QSignalBlocker blocker(m_layerChoice);
        m_layerChoice->clear();
        const int hidden = m_network ? m_network->layerCount() - 1 : 0;
        for (int l = 1; l <= hidden; ++l)
            m_layerChoice->addItem(l == 1 ? tr("Hidden layer 1 · incoming weights")
                                          : tr("Hidden layer %1 · linear templates").arg(l));
        m_layerChoice->setCurrentIndex(std::max(0, std::min(m_gallery->layer(), hidden) - 1));
        m_gallery->setLayer(m_layerChoice->currentIndex() + 1);
        m_selected.reset();
        m_gallery->selectNeuron(std::nullopt);
    }
    m_saliencyStale = m_dreamsStale = m_confusionStale = true;
    m_drawDream->setEnabled(false);
    m_drawNoise->setEnabled(false);
    refreshShownTab();
}

void ExplainPanel::setInput(const Eigen::VectorXf& input, const core::ForwardTrace& trace,
                            bool blank) {
    m_input = input;
    m_trace = trace;
    m_blank = blank;
    m_gallery->setTrace(trace);
    m_saliencyStale = true;
    refreshShownTab();
}

void ExplainPanel::showNeuron(int layer, int index) {
    m_selected = layer >= 0 ? std::optional(NeuronId{layer, index}) : std::nullopt;
    m_gallery->selectNeuron(m_selected);
    m_dreamsStale = true;
    refreshShownTab();
}

void ExplainPanel::galleryNeuron(int layer, int index) {
    showNeuron(layer, index);
    emit neuronSelected(layer, index);
}

void ExplainPanel::setDatasetFolder(const QString& folder) {
    if (folder == m_folder) return;
    m_folder = folder;
    if (mistakeSource() == DigitSet::Source::MnistTest) m_confusionStale = true;
    refreshShownTab();
}

void ExplainPanel::setMyDigits(std::vector<core::Drawing> drawings) {
    m_myDrawings = std::move(drawings);
    m_myDigitSet.reset();
    ++m_myDigitsVersion;
    if (mistakeSource() == DigitSet::Source::MyDigits) m_confusionStale = true;
    refreshShownTab();
}

void ExplainPanel::setPenDigits(std::vector<core::Drawing> drawings) {
    m_penDrawings = std::move(drawings);
    m_penDigits.reset();
    if (mistakeSource() == DigitSet::Source::PenDigits) m_confusionStale = true;
    refreshShownTab();
}

void ExplainPanel::setMistakeSource(DigitSet::Source source) {
    m_sourceChoice->setCurrentIndex(m_sourceChoice->findData(static_cast<int>(source)));
}

DigitSet::Source ExplainPanel::mistakeSource() const {
    return static_cast<DigitSet::Source>(m_sourceChoice->currentData().toInt());
}

bool ExplainPanel::waitUntilIdle(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const bool idle = !m_confusionTimer.isActive() && m_saliencyJob.idle() &&
                          m_dreamJob.idle() && m_confusionJob.idle();
        if (idle) return true;
        if (timer.elapsed() > timeoutMs) return false;
    }
}

}  // namespace digitscope::ui
