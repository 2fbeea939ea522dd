// The main window's side of the network view, the neuron inspector, the training panel and
// the loss chart: creating them, and everything that passes between them and the window.
#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "app/main_window.h"

#include "app/cli_train.h"
#include "app/settings.h"
#include "app/test_digits.h"
#include "core/io/model_file.h"
#include "session/training/dataset_loader.h"
#include "ui/canvas/drawing_canvas.h"

#include "session/training/training_session.h"
#include "ui/network/network_view.h"
#include "ui/network/neuron_inspector.h"
#include "ui/training/loss_chart.h"
#include "ui/training/training_panel.h"
#include "ui/training/training_panes.h"

namespace digitscope::app {
QWidget* MainWindow::createNetworkSide() {
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    m_networkView = new ui::NetworkView;
    m_inspector = new ui::NeuronInspector;
    splitter->addWidget(m_networkView);
    splitter->addWidget(m_inspector);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setMinimumWidth(kMinNetworkWidth);
    return splitter;
}

QDockWidget* MainWindow::createTrainingDock() {
    auto* dock = new QDockWidget(tr("Training"), this);
    dock->setObjectName(QStringLiteral("trainingDock"));
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    m_trainingPanel = new ui::TrainingPanel(*m_session);
    m_lossChart = new ui::LossChart;
    // One above the other, or as tabs in a short window (ui::TrainingPanes).
    dock->setWidget(new ui::TrainingPanes(m_trainingPanel, m_lossChart));
    return dock;
}

void MainWindow::wirePanels() {
    QString folder = m_settings.datasetFolder();
    if (folder.isEmpty()) {
        folder = ui::DatasetLoader::findDefaultFolder();
        if (!folder.isEmpty()) m_settings.setDatasetFolder(folder);
    }
    m_networkView->setAnimationEnabled(m_animateAction->isChecked());
    connect(m_animateAction, &QAction::toggled, this, [this](bool on) {
        m_networkView->setAnimationEnabled(on);
        m_settings.setAnimationEnabled(on);
    });
    connect(m_networkView, &ui::NetworkView::neuronSelected, m_inspector,
            &ui::NeuronInspector::showNeuron);
    // The session loads the dataset on its worker; without a folder it looks in the usual
    // places itself. The folder it ends up with is the one "Try an MNIST digit" uses.
    m_trainingPanel->setConfig(m_settings.training());
    if (!folder.isEmpty()) m_session->setDatasetFolder(folder);
    // A pasted experiment is read as the CLI reads `train` (one parser for both).
    connect(
        m_trainingPanel, &ui::TrainingPanel::experimentPasted, this, [this](const QString& text) {
            try {
                m_trainingPanel->applyExperiment(experimentFromCommand(text));
            } catch (const std::exception& error) {
                showError(tr("Cannot paste the experiment"),
                          tr("The clipboard does not hold a digitscope-cli train command that the "
                             "panel can use: %1")
                              .arg(QString::fromUtf8(error.what())));
            }
        });
    ui::TrainingSession* session = m_session.get();
    connect(session, &ui::TrainingSession::datasetReady, this,
            [this](const QString& ready) { m_settings.setDatasetFolder(ready); });
    connect(session, &ui::TrainingSession::trainingStarted, this, [this](int runId) {
        selectRun(runId);  // what is trained is shown
        updateModelStatus();
    });
    connect(session, &ui::TrainingSession::networkUpdated, this,
            &MainWindow::trainedNetworkArrived);
    // The weights a Step trained arrive after its summary (and may have arrived before it too):
    // the view lights what changed from the weights the step started from.
    connect(session, &ui::TrainingSession::stepRequested, this,
            [this] { m_stepStart = m_session->currentNetwork(); });
    connect(session, &ui::TrainingSession::stepDone, this, [this] { m_glowNextWeights = true; });
    connect(session, &ui::TrainingSession::resetDone, this, &MainWindow::freshWeightsArrived);
    connect(session, &ui::TrainingSession::runsChanged, this, [this] {
        refreshModelList();
        updateModelStatus();
    });
    connect(session, &ui::TrainingSession::startModelChanged, this, &MainWindow::updateModelStatus);
    connect(session, &ui::TrainingSession::runStarted, m_lossChart,
            [this](int, const QString& label) { m_lossChart->startRun(label); });
    connect(session, &ui::TrainingSession::lossReported, m_lossChart,
            &ui::LossChart::addTrainingLoss);
    connect(session, &ui::TrainingSession::epochFinished, this,
            [this](int epoch, double, double testLoss, double testAccuracy) {
                m_lossChart->addEpoch(epoch, testLoss, testAccuracy);
            });
    connect(session, &ui::TrainingSession::statusMessage, this, [this](const QString& text) {
        m_trainingStatusText = text;
        showTrainingStatus();
    });
    connect(session, &ui::TrainingSession::errorOccurred, this, &MainWindow::showError);
    connect(m_trainingPanel, &ui::TrainingPanel::trainShownModelRequested, this,
            &MainWindow::trainCurrentModel);
    m_logScaleAction->setChecked(m_lossChart->logScale());
    connect(m_logScaleAction, &QAction::toggled, m_lossChart, &ui::LossChart::setLogScale);
    connect(m_lossChart, &ui::LossChart::logScaleChanged, m_logScaleAction, &QAction::setChecked);
}

void MainWindow::stopTraining() {
    // The panel's destructor stops its worker and waits for the thread; pausing first means
    // no more snapshots arrive while the window is being taken down.
    m_session->pause();
    m_settings.setTraining(m_trainingPanel->rememberedConfig());
}

void MainWindow::showNetworkInPanels(bool glowChanges) {
    m_networkView->setNetwork(m_models.current().network, glowChanges);
    m_inspector->setNetwork(m_models.current().network);
}

void MainWindow::showTraceInPanels() {
    m_networkView->setVerdictShown(!m_canvas->isEmpty());  // a blank canvas asks nothing
    m_networkView->setTrace(m_trace);
    m_inspector->setTrace(m_trace);
}

bool MainWindow::openDataset(const QString& folder) {
    try {
        checkDatasetFolder(folder);
        auto digits = std::make_unique<TestDigits>(folder);  // reads and checks the test set
        m_testDigits = std::move(digits);
    } catch (const std::exception& error) {
        showError(tr("Cannot open the dataset"), QString::fromUtf8(error.what()));
        return false;
    }
    m_settings.setDatasetFolder(folder);
    m_session->setDatasetFolder(folder);
    statusBar()->showMessage(tr("Dataset: %1").arg(folder), 5000);
    return true;
}

void MainWindow::exportLossChart(bool csv) {
    const QString path =
        csv ? QFileDialog::getSaveFileName(this, tr("Export loss history"),
                                           QStringLiteral("loss.csv"), tr("CSV files (*.csv)"))
            : QFileDialog::getSaveFileName(this, tr("Export loss chart"),
                                           QStringLiteral("loss.png"), tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok =
        csv ? m_lossChart->exportCsv(path, &error) : m_lossChart->exportPng(path, &error);
    if (!ok) showError(tr("Cannot export"), error);
}

}  // namespace digitscope::app
