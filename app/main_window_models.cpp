// The main window's side of the shown model: choosing it (the Model list, files, training
// runs), saving it, and not losing a trained one without asking.
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>
#include <exception>
#include <utility>

#include "app/main_window.h"
#include "app/settings.h"
#include "core/io/model_io.h"
#include "session/models/bundled_models.h"
#include "session/training/training_session.h"
#include "ui/network/network_view.h"
#include "ui/training/training_panel.h"

namespace digitscope::app {

// --- the model --------------------------------------------------------------------------------

void MainWindow::setModel(LoadedModel model) {
    // How the last lesson went speaks of the taught model only.
    if (model.origin != LoadedModel::Origin::Taught) m_teachStatus.clear();
    m_models.setCurrent(std::move(model));
    const QString description = m_models.current().describe();
    setWindowTitle(m_models.current().name);  // Qt appends the application name
    refreshModelList();
    updateModelStatus();
    showNetworkInPanels();
    updatePrediction();
    emit modelChanged(description);
}

void MainWindow::updateModelStatus() {
    m_modelStatus->setText(tr("Model: %1").arg(m_models.describeCurrent()));
    m_removeRunAction->setEnabled(m_models.current().origin == LoadedModel::Origin::Training &&
                                  m_session->run(m_models.current().runId));
    const LoadedModel& shown = m_models.current();
    const bool targetShown = m_session->runActive() ? m_models.showsRun(m_session->activeRunId())
                                                    : !m_session->hasStartModel() ||
                                                          m_session->startModelName() == shown.name;
    m_trainingPanel->setTargetShown(targetShown);
    showTrainingStatus();
}

// The status line tells of training only when the model shown is the one trained.
void MainWindow::showTrainingStatus() {
    const bool shown = m_session->runActive() && m_models.showsRun(m_session->activeRunId());
    if (shown || !m_session->runActive())
        m_trainingStatus->setText(m_trainingStatusText);
    else
        m_trainingStatus->setText(tr("Training run %1 (not shown)").arg(m_session->activeRunId()));
}

bool MainWindow::selectBundledModel(const QString& name) {
    try {
        setModel(loadBundledModel(name));
        return true;
    } catch (const std::exception& error) {
        showError(tr("Cannot load the model"), QString::fromUtf8(error.what()));
        refreshModelList();  // back to the model we kept
        return false;
    }
}

bool MainWindow::openModel(const QString& path) {
    try {
        setModel(loadModelFromFile(path));
        m_settings.setLastModelPath(QFileInfo(path).absoluteFilePath());
        return true;
    } catch (const std::exception& error) {
        showError(tr("Cannot open the model"), QString::fromUtf8(error.what()));
        refreshModelList();
        return false;
    }
}

bool MainWindow::saveModelTo(const QString& path) {
    const LoadedModel& shown = m_models.current();
    if (!shown.network) {
        showError(tr("Nothing to save"), tr("There is no model yet: open one or train one."));
        return false;
    }
    try {
        // Atomic: the file is complete or untouched (.dsm or .onnx by extension; both write and
        // rename).
        core::saveModel(path.toStdString(), *shown.network, m_models.metadataForSaving());
    } catch (const std::exception& error) {
        showError(tr("Cannot save the model"), QString::fromUtf8(error.what()));
        return false;
    }
    // From now on Save writes there: the file holds this model.
    m_models.savedTo(path);
    if (shown.origin == LoadedModel::Origin::Training && shown.runId)
        m_session->markSaved(shown.runId, path);
    if (shown.origin == LoadedModel::Origin::Taught) lessonsSaved();
    updateModelStatus();
    m_settings.setLastModelPath(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::saveModel() {
    // Only ever the file the shown model came from (or was saved to); anything else is a new
    // file, chosen in Save as.
    const QString path = m_models.savePath();
    if (path.isEmpty()) return saveModelAs();
    return saveModelTo(path);
}

// --- the Model list ---------------------------------------------------------------------------

void MainWindow::refreshModelList() {
    if (!m_modelList) return;
    const QSignalBlocker blocker(m_modelList);
    const std::vector<ModelList::Entry> entries = m_models.entries();
    m_modelList->clear();
    for (const ModelList::Entry& entry : entries) {
        m_modelList->addItem(entry.text);
        if (!entry.toolTip.isEmpty())
            m_modelList->setItemData(m_modelList->count() - 1, entry.toolTip, Qt::ToolTipRole);
    }
    m_modelList->insertSeparator(m_modelList->count());
    m_modelList->addItem(tr("Open a model file…"));
    m_modelList->setCurrentIndex(m_models.currentIndex(entries));
}

void MainWindow::modelListActivated(int index) {
    const std::vector<ModelList::Entry> entries = m_models.entries();
    if (index < 0 || index >= static_cast<int>(entries.size())) {
        refreshModelList();  // show the model we have until a file is chosen
        openModelDialog();
        return;
    }
    const ModelList::Entry& entry = entries[static_cast<std::size_t>(index)];
    switch (entry.kind) {
        case ModelList::Kind::Bundled:
            selectBundledModel(entry.name);
            break;
        case ModelList::Kind::Run:
            selectRun(entry.runId);
            break;
        case ModelList::Kind::Taught:
            showTaughtModel();
            break;
        case ModelList::Kind::File:
        case ModelList::Kind::Unlisted:
            break;  // shown already
    }
}

bool MainWindow::selectRun(int runId) {
    if (!m_session->run(runId)) return false;
    if (!m_models.showsRun(runId)) setModel(m_models.runModel(runId));
    return true;
}

// --- training runs ------------------------------------------------------------------------------

void MainWindow::trainedNetworkArrived(int runId, std::shared_ptr<const core::Network> network) {
    if (!m_models.showsRun(runId) || !network) return;
    // Weights only: keep the list and the title as they are, ~30 times a second.
    m_models.setCurrentWeights(std::move(network));
    if (std::exchange(m_glowNextWeights, false) && m_stepStart) {
        m_networkView->setNetwork(std::exchange(m_stepStart, nullptr));  // compared with...
        showNetworkInPanels(/*glowChanges=*/true);                       // ...the step's result
    } else {
        showNetworkInPanels();
    }
    updatePrediction();
}

void MainWindow::freshWeightsArrived(std::shared_ptr<const core::Network> network) {
    // Reset while a run was shown: its weights stay in the list; the fresh ones are shown.
    if (m_models.current().origin != LoadedModel::Origin::Training || !network) return;
    LoadedModel fresh;
    fresh.network = std::move(network);
    fresh.origin = LoadedModel::Origin::Training;
    fresh.name = tr("fresh weights, seed %1").arg(m_trainingPanel->config().seed);
    setModel(std::move(fresh));
}

void MainWindow::trainCurrentModel() {
    const LoadedModel& shown = m_models.current();
    if (!shown.network) return;
    m_session->startFrom(core::Model{*shown.network, m_models.metadataForSaving()}, shown.name);
    updateModelStatus();
    m_trainingDock->show();
    m_trainingDock->raise();
}

bool MainWindow::removeShownRun() {
    const LoadedModel& shown = m_models.current();
    const ui::TrainingRun* run = m_session->run(shown.runId);
    if (shown.origin != LoadedModel::Origin::Training || !run) return false;
    if (run->unsaved) {
        switch (m_questions->unsavedChanges(this, run->label)) {
            case UserQuestions::UnsavedChoice::Save:
                if (!saveModel()) return false;
                break;
            case UserQuestions::UnsavedChoice::Discard:
                break;
            case UserQuestions::UnsavedChoice::Cancel:
                return false;
        }
    }
    m_session->removeRun(shown.runId);
    selectBundledModel(ui::BundledModels::viewName());
    return true;
}

bool MainWindow::confirmUnsavedRuns() {
    std::vector<int> unsaved;
    for (const ui::TrainingRun& run : m_session->runs())
        if (run.unsaved) unsaved.push_back(run.id);
    for (int id : unsaved) {
        const ui::TrainingRun* run = m_session->run(id);
        if (!run || !run->unsaved) continue;
        switch (m_questions->unsavedChanges(this, run->label)) {
            case UserQuestions::UnsavedChoice::Save:
                selectRun(id);
                if (!saveModel()) return false;
                break;
            case UserQuestions::UnsavedChoice::Discard:
                break;
            case UserQuestions::UnsavedChoice::Cancel:
                return false;
        }
    }
    return true;
}

}  // namespace digitscope::app
