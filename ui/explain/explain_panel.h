#pragma once

#include <Eigen/Core>
#include <QElapsedTimer>
#include <QString>
#include <QTabWidget>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

#include "core/explain/confusion.h"
#include "core/input/drawing.h"
#include "core/nn/network.h"
#include "session/explain/latest_job.h"
#include "ui/explain/digit_set.h"
#include "ui/network/network_layout.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace digitscope::ui {

class ArithmeticView;
class ConfusionView;
class DigitGallery;
class DreamView;
class SaliencyView;
class WeightGallery;

// "Why does it answer that?", in tabs: the weight maps of a hidden layer (WeightGallery), what
// pushed the answer (SaliencyView), the selected neuron's arithmetic (ArithmeticView), dreams
// (DreamView) and the mistakes (ConfusionView, DigitGallery) on a chosen set of digits: the
// MNIST test set, the bundled pen digits or My digits. The window hands it the
// network, every new input and the selected neuron; it computes what the shown tab needs —
// quick things here, the rest on background jobs where the newest request wins — and asks the
// window to select neurons or put digits on the canvas. Hidden tabs compute nothing.
class ExplainPanel : public QTabWidget {
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget* parent = nullptr);
    ~ExplainPanel() override;

    void setNetwork(std::shared_ptr<const core::Network> network);  // the same: nothing
    // After every forward pass of the input. input: 784 row-major; blank: nothing drawn.
    void setInput(const Eigen::VectorXf& input, const core::ForwardTrace& trace, bool blank);
    // The neuron selected elsewhere (layer -1: none), numbered as NetworkView's. No signal.
    void showNeuron(int layer, int index);
    // Where the MNIST test set is (for the mistakes); read when first needed.
    void setDatasetFolder(const QString& folder);
    // The person's own labelled digits (My digits), for the mistakes; drawn when first needed.
    void setMyDigits(std::vector<core::Drawing> drawings);
    // The pen digits of the Mistakes tab; by default (none given) the bundled ones, read when
    // first needed.
    void setPenDigits(std::vector<core::Drawing> drawings);
    // Which digits the Mistakes tab classifies (the choice at its top).
    void setMistakeSource(DigitSet::Source source);
    DigitSet::Source mistakeSource() const;
    // The digits the shown confusion matrix is of (nullptr before the first).
    const DigitSet* mistakeSet() const { return m_reportSet.get(); }

    WeightGallery* gallery() const { return m_gallery; }
    SaliencyView* saliencyView() const { return m_saliency; }
    ArithmeticView* arithmeticView() const { return m_arithmetic; }
    DreamView* dreamView() const { return m_dreams; }
    ConfusionView* confusionView() const { return m_confusion; }
    DigitGallery* digitGallery() const { return m_digits; }
    QWidget* tab(const QString& objectName) const;
    void setSaliencyOnCanvas(bool on);  // the Why tab's "Show on the canvas"
    bool saliencyOnCanvas() const;
    // Every background job done and delivered (tests, screenshots); runs the event loop.
    bool waitUntilIdle(int timeoutMs = 10000);

    void showCell(int actual, int predicted);  // the digits of a confusion-matrix cell

signals:
    void neuronSelected(int layer, int index);  // hovered or clicked in the gallery
    void drawRequested(const Eigen::VectorXf& pixels, const QString& caption);
    void testDigitRequested(qint64 index);  // an MNIST test digit (the window reads it)
    // "Show on the canvas" (Why tab): gradient x input for `input` (784 each, row-major) to lay
    // over the drawing; both empty: none (unchecked, a blank canvas, no model).
    void canvasOverlayChanged(const Eigen::VectorXf& contributions, const Eigen::VectorXf& input);

private:
    QWidget* createWeightsTab();
    QWidget* createWhyTab();
    QWidget* createNeuronTab();
    QWidget* createDreamsTab();
    QWidget* createMistakesTab();
    bool tabShown(QWidget* tab) const;
    void refreshShownTab();
    void galleryNeuron(int layer, int index);
    // explain_panel_jobs.cpp: the work behind each tab.
    void updateArithmetic();
    void requestSaliency();
    void emitCanvasOverlay();
    void requestDreams();
    void requestConfusion();
    void mistakeDigitClicked(std::int64_t index);
    QString mistakesStatus(const DigitSet& set, std::int64_t count, double ms) const;
    void drawDream(bool regularised);
    QString neuronName(NeuronId id) const;
    NeuronId dreamNeuron() const;

    std::shared_ptr<const core::Network> m_network;
    Eigen::VectorXf m_input;
    core::ForwardTrace m_trace;
    bool m_blank = true;
    std::optional<NeuronId> m_selected;
    QString m_folder;
    // The sets as made on a job, kept until what they came from changes.
    std::shared_ptr<const DigitSet> m_testSet;  // MNIST, read once per folder
    QString m_testSetFolder;
    std::shared_ptr<const DigitSet> m_penDigits;  // the bundled pen digits, read once
    std::shared_ptr<const DigitSet> m_myDigitSet;
    std::vector<core::Drawing> m_myDrawings;
    std::vector<core::Drawing> m_penDrawings;  // setPenDigits; empty: the bundled ones
    int m_myDigitsVersion = 0;  // counts setMyDigits calls: a job's set of older ones is dropped
    std::shared_ptr<const core::ConfusionReport> m_report;
    std::shared_ptr<const DigitSet> m_reportSet;   // what m_report classified
    std::shared_ptr<const DigitSet> m_gallerySet;  // whose digits the gallery shows
    bool m_saliencyStale = true;
    bool m_dreamsStale = true;
    bool m_confusionStale = true;
    QTimer m_confusionTimer;  // at most one whole-set pass a second while training
    QElapsedTimer m_sinceConfusion;

    QWidget* m_weightsTab = nullptr;
    QWidget* m_whyTab = nullptr;
    QWidget* m_neuronTab = nullptr;
    QWidget* m_dreamsTab = nullptr;
    QWidget* m_mistakesTab = nullptr;
    QComboBox* m_layerChoice = nullptr;
    WeightGallery* m_gallery = nullptr;
    SaliencyView* m_saliency = nullptr;
    QCheckBox* m_onCanvas = nullptr;
    Eigen::VectorXf m_saliencyInput;  // what the shown saliency explains
    ArithmeticView* m_arithmetic = nullptr;
    DreamView* m_dreams = nullptr;
    QPushButton* m_drawDream = nullptr;
    QPushButton* m_drawNoise = nullptr;
    ConfusionView* m_confusion = nullptr;
    DigitGallery* m_digits = nullptr;
    QComboBox* m_sourceChoice = nullptr;
    QLabel* m_mistakesStatus = nullptr;

    // Last, so they are destroyed first: each waits for its running job.
    LatestJob m_saliencyJob;
    LatestJob m_dreamJob;
    LatestJob m_confusionJob;
};

}  // namespace digitscope::ui
