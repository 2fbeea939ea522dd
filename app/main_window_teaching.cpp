// The main window's side of teaching: "it is this digit" on the canvas (a key or a click on
// the bars), the lessons that follow in the background, undoing them, and My digits.
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <exception>

#include "app/main_window.h"
#include "app/settings.h"
#include "core/data/stroke_file.h"
#include "session/models/bundled_models.h"
#include "session/teaching/my_digits.h"
#include "session/teaching/teaching_session.h"
#include "session/training/dataset_loader.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/canvas/prediction_bars.h"
#include "ui/explain/explain_panel.h"
#include "ui/teaching/my_digits_panel.h"
#include "ui/training/training_panel.h"

namespace digitscope::app {

void MainWindow::createTeaching() {
    m_teaching = std::make_unique<ui::TeachingSession>();
    m_models.setTeaching(m_teaching.get());
    m_myDigits = std::make_unique<ui::MyDigits>();
    saveMyDigitsInBackground();
    try {
        m_myDigits->load();
    } catch (const std::exception& error) {
        statusBar()->showMessage(tr("My digits: %1").arg(QString::fromUtf8(error.what())));
    }

    connect(m_canvas, &ui::DrawingCanvas::digitKeyPressed, this, &MainWindow::teachDigit);
    connect(m_bars, &ui::PredictionBars::digitClicked, this, &MainWindow::teachDigit);
    connect(m_teaching.get(), &ui::TeachingSession::networkUpdated, this,
            &MainWindow::taughtNetworkArrived);
    connect(m_teaching.get(), &ui::TeachingSession::lessonsChanged, this,
            &MainWindow::lessonsChanged);
    connect(m_teaching.get(), &ui::TeachingSession::progressed, this, [this](int done, int steps) {
        m_teachStatus = tr("Learning… %1%").arg(100 * done / std::max(1, steps));
        updateTeachHint();
    });
    connect(m_teaching.get(), &ui::TeachingSession::lessonFinished, this, [this](double seconds) {
        m_teachStatus = tr("Learned in %1 s · Teach ▸ Undo lesson").arg(seconds, 0, 'f', 1);
        updateTeachHint();
    });
    connect(m_teaching.get(), &ui::TeachingSession::errorOccurred, this,
            [this](const QString& message) { showError(tr("Cannot teach the model"), message); });
    // The replay data (MNIST, the pen digits) loads on the teaching thread soon after start, so
    // that the first correction does not wait for it; a teachDigit before then loads it first.
    QTimer::singleShot(1500, this, [this] { prepareReplay(); });
    // After the prediction (the canvas's inputChanged came first, and the hint lagged a drawing).
    connect(this, &MainWindow::predictionUpdated, this, [this] { updateTeachHint(); });

    m_undoLessonAction = new QAction(tr("&Undo last lesson"), this);
    m_undoLessonAction->setToolTip(tr("The weights from before the last correction, exactly"));
    connect(m_undoLessonAction, &QAction::triggered, this, &MainWindow::undoLesson);
    m_backToBaseAction = new QAction(tr("&Back to the bundled model"), this);
    connect(m_backToBaseAction, &QAction::triggered, this, &MainWindow::backToBundledModel);
    QMenu* menu = menuBar()->addMenu(tr("&Teach"));
    menu->addAction(m_undoLessonAction);
    menu->addAction(m_backToBaseAction);
    m_myDigitsDock = createMyDigitsDock();
    addDockWidget(Qt::RightDockWidgetArea, m_myDigitsDock);
    tabifyDockWidget(m_trainingDock, m_myDigitsDock);
    m_trainingDock->raise();
    addPanelToggle(m_myDigitsDock);  // View menu and toolbar
    menu->addAction(m_myDigitsDock->toggleViewAction());
    lessonsChanged();
}

QDockWidget* MainWindow::createMyDigitsDock() {
    auto* dock = new QDockWidget(tr("My digits"), this);
    dock->setObjectName(QStringLiteral("myDigitsDock"));
    m_myDigitsPanel = new ui::MyDigitsPanel;
    dock->setWidget(m_myDigitsPanel);
    auto change = [this](auto edit) {
        try {
            edit();
        } catch (const std::exception& error) {
            showError(tr("Cannot save My digits"), QString::fromUtf8(error.what()));
        }
        showMyDigits();
    };
    connect(m_myDigitsPanel, &ui::MyDigitsPanel::relabelRequested, this,
            [this, change](int index, int label) {
                change([&] { m_myDigits->relabel(index, label); });
            });
    connect(m_myDigitsPanel, &ui::MyDigitsPanel::removeRequested, this,
            [this, change](int index) { change([&] { m_myDigits->remove(index); }); });
    connect(m_myDigitsPanel, &ui::MyDigitsPanel::exportRequested, this,
            &MainWindow::exportMyDigits);
    showMyDigits();
    return dock;
}

// My digits changed (or were read): the dock lists them, the training panel offers them as pen
// data, the Explain dock's mistakes classify them.
void MainWindow::showMyDigits() {
    m_myDigitsPanel->setEntries(m_myDigits->entries(), m_myDigits->path());
    m_trainingPanel->setMyDigits(m_myDigits->path(), m_myDigits->size());
    m_explainPanel->setMyDigits(m_myDigits->drawings());
}

bool MainWindow::setMyDigitsFile(const QString& path) {
    m_myDigits = std::make_unique<ui::MyDigits>(path);
    saveMyDigitsInBackground();
    bool loaded = true;
    try {
        m_myDigits->load();
    } catch (const std::exception& error) {
        showError(tr("Cannot read My digits"), QString::fromUtf8(error.what()));
        loaded = false;
    }
    showMyDigits();
    return loaded;
}

void MainWindow::saveMyDigitsInBackground() {
    // A correction's save (an fsync) off the GUI thread; its failure comes back to it.
    m_myDigits->saveInBackground([this](const std::string& message) {
        QMetaObject::invokeMethod(this, [this, message] {
            showError(tr("Cannot save My digits"), QString::fromStdString(message));
        });
    });
}

void MainWindow::exportMyDigits() {
    const QString file =
        m_questions->saveFileName(this, tr("Export My digits"), QStringLiteral("my-digits.jsonl"),
                                  tr("Stroke data (*.jsonl)"));
    if (file.isEmpty()) return;
    try {
        m_myDigits->exportTo(file);
        statusBar()->showMessage(tr("Exported %1 drawings").arg(m_myDigits->size()), 5000);
    } catch (const std::exception& error) {
        showError(tr("Cannot export My digits"), QString::fromUtf8(error.what()));
    }
}

void MainWindow::prepareReplay() {
    const QString folder = m_settings.datasetFolder().isEmpty()
                               ? ui::DatasetLoader::findDefaultFolder()
                               : m_settings.datasetFolder();
    if (folder != m_teaching->imageFolder()) m_teaching->setImageFolder(folder);
}

bool MainWindow::teachDigit(int digit) {
    const LoadedModel& shown = m_models.current();
    if (m_canvas->isEmpty() || !shown.network || digit < 0 || digit > 9) return false;
    core::Drawing drawing = m_canvas->drawing();
    drawing.label = digit;
    // Taught as My digits records it (coordinates to 6 digits), so that `digitscope-cli
    // finetune --strokes` on the file learns exactly what the window learned.
    drawing = core::StrokeFile::parse(core::StrokeFile::toJsonLine(drawing), "canvas").front();
    try {
        m_myDigits->add(drawing);
    } catch (const std::exception& error) {
        showError(tr("Cannot save My digits"), QString::fromUtf8(error.what()));
    }
    showMyDigits();
    // A correction of another model than the taught one starts its lessons afresh.
    if (shown.origin != LoadedModel::Origin::Taught) {
        if (!confirmUnsavedLessons()) return false;
        m_teaching->begin(core::Model{*shown.network, m_models.metadataForSaving()}, shown.name);
    }
    prepareReplay();  // the dataset folder may have changed
    m_teachStatus = tr("Learning your %1…").arg(digit);
    m_teaching->teach(drawing);
    showTaughtModel();
    return true;
}

void MainWindow::showTaughtModel() {
    if (!m_teaching->hasBase()) return;
    LoadedModel taught;
    taught.network = m_teaching->network();
    taught.metadata = m_teaching->base()->metadata;
    taught.origin = LoadedModel::Origin::Taught;
    taught.name = m_teaching->describe();
    if (m_models.current().origin == LoadedModel::Origin::Taught)
        taught.path = m_models.current().path;
    setModel(std::move(taught));
}

void MainWindow::taughtNetworkArrived(std::shared_ptr<const core::Network> network) {
    if (m_models.current().origin != LoadedModel::Origin::Taught || !network) return;
    m_models.setCurrentWeights(std::move(network));
    showNetworkInPanels(/*glowChanges=*/true);
    updatePrediction();
}

void MainWindow::lessonsChanged() {
    const bool lessons = m_teaching->hasBase() && m_teaching->taughtDigits() > 0;
    m_undoLessonAction->setEnabled(lessons);
    m_backToBaseAction->setEnabled(m_teaching->hasBase());
    if (m_models.current().origin == LoadedModel::Origin::Taught) {
        LoadedModel shown = m_models.current();
        shown.name = m_teaching->describe();
        m_models.setCurrent(std::move(shown));
        setWindowTitle(m_models.current().name);
        updateModelStatus();
    }
    refreshModelList();
    updateTeachHint();
}

void MainWindow::lessonsSaved() {
    m_teaching->markSaved();
    lessonsChanged();
}

void MainWindow::updateTeachHint() {
    if (!m_teachHint) return;
    QString text;
    if (m_teaching && m_teaching->learning())
        text = m_teachStatus;
    else if (!m_canvas->isEmpty() && m_bars->hasPrediction())
        text = m_teachStatus.isEmpty() ? tr("Wrong? Press the right digit (0–9) or click its bar.")
                                       : m_teachStatus;
    m_teachHint->setText(text);
}

bool MainWindow::undoLesson() {
    if (!m_teaching->undoLesson()) return false;
    m_teachStatus = tr("Lesson undone");
    showTaughtModel();
    return true;
}

bool MainWindow::backToBundledModel() {
    if (!m_teaching->hasBase()) return false;
    const QString name = m_teaching->baseName();
    m_teaching->backToBase();
    m_teachStatus.clear();
    if (ui::BundledModels::names().contains(name)) return selectBundledModel(name);
    showTaughtModel();
    return true;
}

bool MainWindow::confirmUnsavedLessons() {
    if (!m_teaching || !m_teaching->unsaved()) return true;
    switch (m_questions->unsavedChanges(this, m_teaching->describe())) {
        case UserQuestions::UnsavedChoice::Save:
            showTaughtModel();
            return saveModel();
        case UserQuestions::UnsavedChoice::Discard:
            return true;
        case UserQuestions::UnsavedChoice::Cancel:
            return false;
    }
    return false;
}

}  // namespace digitscope::app
