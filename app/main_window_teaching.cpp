// The main window's side of teaching: "it is this digit" on the canvas (a key or a click on
// the bars), the lessons that follow in the background, undoing them, and My digits.
#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <exception>
#include <filesystem>
#include <optional>

#include "app/main_window.h"
#include "app/settings.h"
#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/io/model_file.h"
#include "session/models/bundled_models.h"
#include "session/teaching/lesson_cost.h"
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
    m_taughtWriter = std::make_unique<ui::BackgroundFileWriter>([this](const std::string& message) {
        QMetaObject::invokeMethod(this, [this, message] {
            showError(tr("Cannot keep the taught model"), QString::fromStdString(message));
        });
    });
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
        // What it cost the other digits, where that is large enough to matter.
        const QString cost =
            m_teaching->testBefore() && m_teaching->testAfter()
                ? ui::describeLessonCost(*m_teaching->testBefore(), *m_teaching->testAfter())
                : QString();
        m_teachStatus =
            cost.isEmpty()
                ? tr("Learned in %1 s · Teach ▸ Undo last lesson").arg(seconds, 0, 'f', 1)
                : tr("Learned · %1 · Teach ▸ Undo last lesson").arg(cost);
        keepTaughtModel();
        updateTeachHint();
    });
    connect(m_teaching.get(), &ui::TeachingSession::errorOccurred, this,
            [this](const QString& message) { showError(tr("Cannot teach the model"), message); });
    // The replay data (MNIST, the pen digits) loads on the teaching thread soon after start, so
    // that the first correction does not wait for it; a teachDigit before then loads it first.
    QTimer::singleShot(1500, this, [this] { prepareReplay(); });
    // How the last lesson went stays under the drawing it taught, not under the next one.
    connect(m_canvas, &ui::DrawingCanvas::inputChanged, this, [this] {
        if (!m_teaching->learning()) m_teachStatus.clear();
    });
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
    // A drawing relabelled or removed is relearnt: the taught model learns My digits afresh.
    connect(m_myDigitsPanel, &ui::MyDigitsPanel::relabelRequested, this,
            [this, change](int index, int label) {
                change([&] { m_myDigits->relabel(index, label); });
                reteachMyDigits();
            });
    connect(m_myDigitsPanel, &ui::MyDigitsPanel::removeRequested, this, [this, change](int index) {
        change([&] { m_myDigits->remove(index); });
        reteachMyDigits();
    });
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
    if (loaded) restoreTaughtModel();
    return loaded;
}

QString MainWindow::keptTaughtPath(const QString& name) const {
    return QFileInfo(m_myDigits->path()).dir().filePath(QStringLiteral("taught-%1.dsm").arg(name));
}

// After each lesson and each undo: the taught model of a bundled model is written beside My
// digits (atomically, off the GUI thread), so nothing taught is lost when the app ends; with
// nothing taught, the file goes. A model from a file is not kept: Save keeps it.
void MainWindow::keepTaughtModel() {
    if (!m_teaching->hasBase() || m_teaching->learning() ||
        !ui::BundledModels::names().contains(m_teaching->baseName()))
        return;
    const std::filesystem::path path = keptTaughtPath(m_teaching->baseName()).toStdString();
    if (m_teaching->taughtDigits() == 0) {
        m_taughtWriter->wait();
        std::error_code ignored;  // already gone is as good
        std::filesystem::remove(path, ignored);
    } else {
        m_taughtWriter->write(path,
                              [network = m_teaching->network(), metadata = m_teaching->metadata()] {
                                  return core::ModelFile::serialize(*network, metadata);
                              });
    }
    m_teaching->markSaved();
    lessonsChanged();
}

bool MainWindow::restoreTaughtModel() {
    if (m_models.current().origin != LoadedModel::Origin::Bundled) return false;
    // The taught model kept last: the one the person was teaching when the app ended.
    QString name;
    QDateTime newest;
    for (const QString& bundled : ui::BundledModels::names()) {
        const QFileInfo kept(keptTaughtPath(bundled));
        if (kept.exists() && (name.isEmpty() || kept.lastModified() > newest))
            name = bundled, newest = kept.lastModified();
    }
    if (name.isEmpty()) return false;
    if (m_models.current().name != name && !selectBundledModel(name)) return false;
    const LoadedModel shown = m_models.current();
    const QString path = keptTaughtPath(name);
    try {
        core::Model kept = core::ModelFile::load(path.toStdString());
        if (!(kept.network.architecture() == shown.network->architecture()))
            throw core::FileError(path.toStdString(),
                                  "is not a taught " + name.toStdString() + " model");
        // Taught from fewer or other drawings than My digits now holds (they changed while
        // another model was taught): shown as kept, and learnt afresh in the background.
        const auto taught = kept.metadata.find("taught_digits");
        const bool stale =
            taught == kept.metadata.end() || taught->second != std::to_string(m_myDigits->size());
        m_teaching->begin(core::Model{*shown.network, shown.metadata}, shown.name,
                          m_myDigits->drawings(),
                          std::make_shared<const core::Network>(std::move(kept.network)));
        showTaughtModel();
        if (stale) reteachMyDigits();
        return true;
    } catch (const std::exception& error) {
        statusBar()->showMessage(
            tr("The taught model was not restored: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

void MainWindow::reteachMyDigits() {
    if (!m_teaching->hasBase()) return;
    prepareReplay();
    m_teachStatus = tr("Learning My digits again…");
    m_teaching->reteach(m_myDigits->drawings());
    if (!m_teaching->learning()) keepTaughtModel();  // nothing left to learn
    if (m_models.current().origin == LoadedModel::Origin::Taught) showTaughtModel();
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
        statusBar()->showMessage(m_myDigits->size() == 1
                                     ? tr("Exported 1 drawing")
                                     : tr("Exported %1 drawings").arg(m_myDigits->size()),
                                 5000);
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
    const LoadedModel shown = m_models.current();  // a Save below shows the taught model
    if (m_canvas->isEmpty() || !shown.network || digit < 0 || digit > 9) return false;
    // A correction of another model than the taught one starts its lessons afresh; when the
    // person cancels that, nothing is taught and nothing is stored.
    const bool fresh = shown.origin != LoadedModel::Origin::Taught;
    std::optional<core::Model> base;
    if (fresh) {
        base = core::Model{*shown.network, m_models.metadataForSaving()};
        if (!confirmUnsavedLessons()) return false;
    }
    core::Drawing drawing;
    try {
        // The strokes, or the image on the canvas (an MNIST digit, a dream, a Mistakes digit),
        // taught as My digits records it (coordinates to 6 digits), so that `digitscope-cli
        // finetune --strokes` on the file learns exactly what the window learned.
        drawing = m_canvas->document().content();
        drawing.label = digit;
        drawing = core::StrokeFile::parse(core::StrokeFile::toJsonLine(drawing), "canvas").front();
    } catch (const std::exception& error) {
        showError(tr("Cannot teach this drawing"), QString::fromUtf8(error.what()));
        return false;
    }
    // A fresh start learns every drawing My digits already holds with the new one.
    std::vector<core::Drawing> earlier;
    if (base) earlier = m_myDigits->drawings();
    try {
        m_myDigits->add(drawing);
    } catch (const std::exception& error) {
        showError(tr("Cannot save My digits"), QString::fromUtf8(error.what()));
    }
    showMyDigits();
    if (base) m_teaching->begin(*base, shown.name, std::move(earlier));
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
    const bool lessons =
        m_teaching->hasBase() && (m_teaching->lessonCount() > 0 || m_teaching->learning());
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
    m_teachHint->setToolTip(text);  // whole, should a narrow window cut its third line
}

bool MainWindow::undoLesson() {
    if (!m_teaching->undoLesson()) return false;
    // The lesson's drawings leave My digits too (the newest copy of each), so that what My
    // digits keeps is what the model was taught.
    try {
        for (const core::Drawing& undone : m_teaching->undoneDrawings()) {
            const std::string line = core::StrokeFile::toJsonLine(undone);
            const auto& entries = m_myDigits->entries();
            for (int i = static_cast<int>(entries.size()) - 1; i >= 0; --i)
                if (core::StrokeFile::toJsonLine(entries[std::size_t(i)].drawing) == line) {
                    m_myDigits->remove(i);
                    break;
                }
        }
    } catch (const std::exception& error) {
        showError(tr("Cannot save My digits"), QString::fromUtf8(error.what()));
    }
    showMyDigits();
    m_teachStatus = tr("Lesson undone");
    keepTaughtModel();
    // The taught model is shown again only where it was shown; with no lesson left it is the
    // model the lessons started from.
    if (m_models.current().origin != LoadedModel::Origin::Taught) {
        refreshModelList();
    } else if (m_teaching->taughtDigits() == 0 &&
               ui::BundledModels::names().contains(m_teaching->baseName())) {
        const QString name = m_teaching->baseName();
        m_teaching->backToBase();
        selectBundledModel(name);
        m_teachStatus = tr("Lesson undone");
    } else {
        showTaughtModel();
    }
    return true;
}

bool MainWindow::backToBundledModel() {
    if (!m_teaching->hasBase()) return false;
    const QString name = m_teaching->baseName();
    m_teachStatus.clear();
    // A bundled model's taught model is kept and stays in the Model list: going back to the
    // bundled one forgets nothing, and choosing the taught one in the list undoes it.
    if (ui::BundledModels::names().contains(name)) return selectBundledModel(name);
    if (!confirmUnsavedLessons()) return false;
    m_teaching->backToBase();
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
