// The main window's side of the explanations: the Explain dock (weight maps, what
// pushed the answer, a neuron's arithmetic, dreams, mistakes) and the training run's timeline
// under the network view (its moment marked on the loss chart), and what passes between them
// and the rest of the window.
#include <QDockWidget>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "app/main_window.h"
#include "app/settings.h"
#include "session/training/training_session.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/explain/canvas_overlay.h"
#include "ui/explain/explain_panel.h"
#include "ui/explain/timeline_bar.h"
#include "ui/network/network_view.h"
#include "ui/network/neuron_inspector.h"
#include "ui/training/loss_chart.h"

namespace digitscope::app {

QDockWidget* MainWindow::createExplainDock() {
    auto* dock = new QDockWidget(tr("Explain"), this);
    dock->setObjectName(QStringLiteral("explainDock"));
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    m_explainPanel = new ui::ExplainPanel;
    m_explainPanel->setObjectName(QStringLiteral("explainPanel"));
    dock->setWidget(m_explainPanel);
    return dock;
}

void MainWindow::wireExplain() {
    // The timeline goes right under the network view, in the view's place in the splitter.
    auto* splitter = qobject_cast<QSplitter*>(m_networkView->parentWidget());
    m_timelineBar = new ui::TimelineBar;
    m_timelineBar->setObjectName(QStringLiteral("timelineBar"));
    if (splitter) {
        auto* column = new QWidget;
        auto* layout = new QVBoxLayout(column);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        splitter->replaceWidget(splitter->indexOf(m_networkView), column);
        layout->addWidget(m_networkView, 1);
        layout->addWidget(m_timelineBar);
    }

    // Selection both ways: the network view and the weight maps.
    connect(m_networkView, &ui::NetworkView::neuronSelected, m_explainPanel,
            &ui::ExplainPanel::showNeuron);
    connect(m_explainPanel, &ui::ExplainPanel::neuronSelected, this, [this](int layer, int index) {
        m_networkView->selectNeuron(ui::NeuronId{layer, index});
        m_inspector->showNeuron(layer, index);
    });
    // Every prediction: the input, the trace and (when it changed) the network.
    connect(this, &MainWindow::predictionUpdated, this, [this] {
        m_explainPanel->setNetwork(m_models.current().network);  // nothing when it is the same
        m_explainPanel->setInput(m_input, m_trace, m_canvas->isEmpty());
    });
    // What pushed the answer, over the drawing itself (the Why tab's "Show on the canvas").
    connect(m_explainPanel, &ui::ExplainPanel::canvasOverlayChanged, this,
            [this](const Eigen::VectorXf& contributions, const Eigen::VectorXf& input) {
                const ui::CanvasDocument& document = m_canvas->document();
                std::optional<QTransform> toCanvas;
                if (contributions.size() == 28 * 28 && document.hasSample())
                    toCanvas = ui::canvas_overlay::sampleToCanvas(document.canvasSize().width(),
                                                                  document.canvasSize().height());
                else if (contributions.size() == 28 * 28)
                    toCanvas = ui::canvas_overlay::inputToCanvas(document.drawing(), input);
                if (toCanvas)
                    m_canvas->setOverlay(ui::canvas_overlay::contributionImage(contributions, 28),
                                         *toCanvas);
                else
                    m_canvas->setOverlay(QImage(), QTransform());
            });
    connect(m_explainPanel, &ui::ExplainPanel::drawRequested, m_canvas,
            &ui::DrawingCanvas::showSample);
    connect(m_explainPanel, &ui::ExplainPanel::testDigitRequested, this,
            [this](qint64 index) { showTestDigit(index); });
    m_explainPanel->setDatasetFolder(m_settings.datasetFolder());
    connect(m_session.get(), &ui::TrainingSession::datasetReady, m_explainPanel,
            &ui::ExplainPanel::setDatasetFolder);

    // The run's timeline: its first weights, early snapshots and every epoch's end.
    connect(m_session.get(), &ui::TrainingSession::runStarted, m_timelineBar,
            [this](int runId, const QString&) {
                m_timelineBar->clear();
                m_lossChart->setEpochCursor(std::nullopt);
                m_timelineRun = runId;
                m_epochPosition = 0;
            });
    connect(m_session.get(), &ui::TrainingSession::lossReported, this,
            [this](double epochPosition, double) { m_epochPosition = epochPosition; });
    connect(m_session.get(), &ui::TrainingSession::networkUpdated, this,
            [this](int runId, std::shared_ptr<const core::Network> network) {
                if (runId == m_timelineRun)
                    m_timelineBar->offer(m_epochPosition, std::move(network));
            });
    connect(m_session.get(), &ui::TrainingSession::epochFinished, this,
            [this](int epoch) { m_timelineBar->recordEpoch(epoch); });
    connect(m_timelineBar, &ui::TimelineBar::snapshotChosen, this,
            &MainWindow::showTimelineSnapshot);
    connect(m_timelineBar, &ui::TimelineBar::liveChosen, this, [this] {
        m_lossChart->setEpochCursor(std::nullopt);
        // Back to the run itself, which shows its newest weights as they come.
        if (m_session->run(m_timelineRun)) {
            setModel(m_models.runModel(m_timelineRun));
        } else if (auto newest = m_timelineBar->newest()) {
            LoadedModel model;
            model.network = std::move(newest);
            model.origin = LoadedModel::Origin::Training;
            model.name = tr("training run");
            setModel(std::move(model));
        }
        statusBar()->showMessage(tr("Following training again"), 3000);
    });
}

void MainWindow::showTimelineSnapshot(std::shared_ptr<const core::Network> network,
                                      double epochPosition) {
    if (!network) return;
    // The run at that moment, shown as a model of its own (not in the list): the run keeps
    // training meanwhile, and its new weights are recorded, not shown, until Live.
    LoadedModel snapshot;
    snapshot.network = std::move(network);
    snapshot.origin = LoadedModel::Origin::Training;
    const ui::TrainingRun* run = m_session->run(m_timelineRun);
    snapshot.name = tr("%1 at epoch %2")
                        .arg(run ? run->label : tr("training run"))
                        .arg(epochPosition, 0, 'f', 2);
    setModel(std::move(snapshot));
    m_lossChart->setEpochCursor(epochPosition);  // the moment on the loss curves
    statusBar()->showMessage(
        tr("Showing the run at epoch %1 · Live to follow training").arg(epochPosition, 0, 'f', 2));
}

}  // namespace digitscope::app
