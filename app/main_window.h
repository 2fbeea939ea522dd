#pragma once

#include <Eigen/Core>
#include <QMainWindow>
#include <QString>
#include <cstdint>
#include <memory>
#include <random>

#include "app/loaded_model.h"
#include "app/model_list.h"
#include "app/user_questions.h"
#include "core/nn/network.h"
#include "session/teaching/background_file_writer.h"

class QAction;
class QComboBox;
class QDockWidget;
class QMenu;
class QToolBar;
class QLabel;
class QSlider;

namespace digitscope::ui {
class DrawingCanvas;
class InputGrid;
class PredictionBars;
class NetworkView;
class NeuronInspector;
class TrainingPanel;
class TrainingSession;
class LossChart;
class ExplainPanel;
class TimelineBar;
class TeachingSession;
class MyDigits;
class MyDigitsPanel;
}  // namespace digitscope::ui

namespace digitscope::core {
class DigitGate;
}  // namespace digitscope::core

namespace digitscope::app {

class Settings;
class TestDigits;

// The desktop app's window: the canvas, the network's 28 x 28 input and its verdict on the
// left, the network itself in the centre, training and the loss chart in a dock on the right.
// It wires the pieces together: the ModelList decides which models there are and which is
// shown, the TrainingSession trains (the panel is its form), and the window runs the shown
// network on every change of the input, handing the trace to every view. What is trained is
// shown: Train and Step show the run they drive.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // What the menus do once they have a path. Each shows a problem in a message box (and
    // emits errorShown), keeps the model it had, and returns false.
    bool selectBundledModel(const QString& name);
    bool openModel(const QString& path);
    bool saveModelTo(const QString& path);
    bool saveModel();  // to the shown model's own file, or through Save as
    bool saveModelAs();
    bool selectRun(int runId);
    // Removes the shown run from the list (asking first when it is not saved).
    bool removeShownRun();
    // Asks Save / Discard / Cancel for every run not saved; false when the user cancelled.
    bool confirmUnsavedRuns();
    // The questions the window asks (file names, unsaved changes); tests answer them.
    void setQuestions(std::unique_ptr<UserQuestions> questions);
    bool openDataset(const QString& folder);

    // main_window_teaching.cpp: "it is this digit" for the drawing on the canvas: it joins My
    // digits and the shown model learns it in the background (the taught model is shown).
    bool teachDigit(int digit);
    // Something no handler expected (an exception that escaped one): said in a message; the
    // drawing, runs and lessons are as they were.
    void reportUnexpectedError(const QString& message);
    bool undoLesson();          // the weights from before the last lesson
    bool backToBundledModel();  // the model the lessons started from
    bool confirmUnsavedLessons();
    // My digits' file (tests use their own); loads it, false with a message when it cannot.
    bool setMyDigitsFile(const QString& path);
    ui::TeachingSession& teachingSession() const { return *m_teaching; }
    ui::MyDigits& myDigits() const { return *m_myDigits; }
    bool showTestDigit(std::int64_t index = -1);  // -1: a random test image

    const LoadedModel& model() const { return m_models.current(); }
    const core::ForwardTrace& trace() const { return m_trace; }
    ui::DrawingCanvas* canvas() const { return m_canvas; }
    ui::InputGrid* inputGrid() const { return m_inputGrid; }
    ui::PredictionBars* predictionBars() const { return m_bars; }
    ui::TrainingPanel* trainingPanel() const { return m_trainingPanel; }
    ui::TrainingSession& trainingSession() const { return *m_session; }
    ui::ExplainPanel* explainPanel() const { return m_explainPanel; }
    ui::TimelineBar* timelineBar() const { return m_timelineBar; }

signals:
    void modelChanged(const QString& description);
    void predictionUpdated();
    void errorShown(const QString& title, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    bool keyBelongsToCanvas(QObject* receiver, const QEvent& event) const;

private:
    // main_window.cpp: layout, the model and the prediction.
    QWidget* createDrawingSide();
    void fitCanvas(QSize available);
    void setModel(LoadedModel model);
    void inputChanged(const Eigen::VectorXf& input);
    void updatePrediction();
    void updateEditActions();
    void showError(const QString& title, const QString& message);
    void restoreSettings();

    // main_window_menus.cpp: actions, menus, the toolbar and the dialogs behind them.
    void createActions();
    void createMenus();
    void createToolBar();
    void refreshModelList();
    void modelListActivated(int index);
    void openModelDialog();
    void openDatasetDialog();
    void showAbout();

    // main_window_panels.cpp: the network view, the neuron inspector, the training panel and
    // the loss chart, and everything that talks to them.
    QWidget* createNetworkSide();
    QDockWidget* createTrainingDock();
    void wirePanels();
    // glowChanges: the network view lights the edges that changed most (a lesson's steps).
    void showNetworkInPanels(bool glowChanges = false);
    void showTraceInPanels();
    void trainedNetworkArrived(int runId, std::shared_ptr<const core::Network> network);
    void freshWeightsArrived(std::shared_ptr<const core::Network> network);
    void showTrainingStatus();
    void updateModelStatus();
    void trainCurrentModel();
    void stopTraining();
    void exportLossChart(bool csv);

    // main_window_explain.cpp: the Explain dock and the training run's timeline.
    QDockWidget* createExplainDock();
    void wireExplain();
    void showTimelineSnapshot(std::shared_ptr<const core::Network> network, double epochPosition);
    // main_window_teaching.cpp
    void createTeaching();
    void prepareReplay();
    QDockWidget* createMyDigitsDock();
    // A panel's show/hide toggle, in the View menu and at the toolbar's end.
    void addPanelToggle(QDockWidget* dock);
    void showMyDigits();  // in its panel, the pen-data list and the Explain dock's mistakes
    void showTaughtModel();
    void taughtNetworkArrived(std::shared_ptr<const core::Network> network);
    void lessonsChanged();
    void lessonsSaved();
    void updateTeachHint();
    void exportMyDigits();
    void saveMyDigitsInBackground();
    // The taught model of the bundled model `name`, kept beside My digits so that it comes back
    // at the next start: "taught-<name>.dsm".
    QString keptTaughtPath(const QString& name) const;
    void keepTaughtModel();
    bool restoreTaughtModel();  // the kept taught model of the shown bundled model, if any
    void reteachMyDigits();     // My digits were relabelled or removed

    Settings& m_settings;
    std::unique_ptr<UserQuestions> m_questions;
    std::unique_ptr<ui::TrainingSession> m_session;
    std::unique_ptr<ui::TeachingSession> m_teaching;
    std::unique_ptr<ui::MyDigits> m_myDigits;
    // Keeps the taught model of a bundled model beside My digits (keepTaughtModel).
    std::unique_ptr<ui::BackgroundFileWriter> m_taughtWriter;
    QString m_teachStatus;  // "Learning your 7…", "Learned in 0.6 s"
    ModelList m_models;
    QString m_trainingStatusText;  // the session's latest status line
    Eigen::VectorXf m_input;       // 784, row-major
    core::ForwardTrace m_trace;
    // A Step's weights glow against the weights it started from (the session's, when asked).
    bool m_glowNextWeights = false;
    std::shared_ptr<const core::Network> m_stepStart;
    std::unique_ptr<TestDigits> m_testDigits;
    std::unique_ptr<core::DigitGate> m_gate;  // flags inputs that are no digit at all
    std::mt19937_64 m_random{std::random_device{}()};

    static constexpr int kMaxCanvasSide = 640;
    static constexpr int kMinNetworkWidth = 280;

    QWidget* m_drawingSide = nullptr;
    ui::DrawingCanvas* m_canvas = nullptr;
    ui::InputGrid* m_inputGrid = nullptr;
    ui::PredictionBars* m_bars = nullptr;
    ui::NetworkView* m_networkView = nullptr;
    ui::NeuronInspector* m_inspector = nullptr;
    ui::TrainingPanel* m_trainingPanel = nullptr;
    ui::LossChart* m_lossChart = nullptr;
    QDockWidget* m_trainingDock = nullptr;
    QMenu* m_viewMenu = nullptr;
    QToolBar* m_toolBar = nullptr;
    ui::ExplainPanel* m_explainPanel = nullptr;
    ui::TimelineBar* m_timelineBar = nullptr;
    QDockWidget* m_explainDock = nullptr;
    double m_epochPosition = 0;  // of the training run's latest loss report
    int m_timelineRun = 0;       // the run the timeline records

    QDockWidget* m_myDigitsDock = nullptr;
    ui::MyDigitsPanel* m_myDigitsPanel = nullptr;
    QLabel* m_teachHint = nullptr;
    QAction* m_undoLessonAction = nullptr;
    QAction* m_backToBaseAction = nullptr;
    QSlider* m_penSlider = nullptr;
    QLabel* m_penLabel = nullptr;
    QComboBox* m_modelList = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_trainingStatus = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_openDatasetAction = nullptr;
    QAction* m_trainFurtherAction = nullptr;
    QAction* m_removeRunAction = nullptr;
    QAction* m_exportPngAction = nullptr;
    QAction* m_exportCsvAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_clearAction = nullptr;
    QAction* m_testDigitAction = nullptr;
    QAction* m_animateAction = nullptr;
    QAction* m_logScaleAction = nullptr;
    QAction* m_aboutAction = nullptr;
};

}  // namespace digitscope::app
