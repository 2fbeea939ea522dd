#pragma once

#include <Eigen/Core>
#include <QMainWindow>
#include <QString>
#include <cstdint>
#include <memory>
#include <random>

#include "app/loaded_model.h"
#include "core/network.h"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QSlider;

namespace digitscope::ui {
class DrawingCanvas;
class InputGrid;
class PredictionBars;
class NetworkView;
class NeuronInspector;
class TrainingPanel;
class LossChart;
}  // namespace digitscope::ui

namespace digitscope::core {
class DigitGate;
}  // namespace digitscope::core

namespace digitscope::app {

class Settings;
class TestDigits;

// The desktop app's window: the canvas, the network's 28 x 28 input and its verdict on the
// left, the network itself in the centre, training and the loss chart in a dock on the right.
// It owns the current network (bundled, opened from a file, or streamed from training) and
// runs it on every change of the input, handing the trace to every view.
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
    bool openDataset(const QString& folder);
    bool showTestDigit(std::int64_t index = -1);  // -1: a random test image

    const LoadedModel& model() const { return m_model; }
    const core::ForwardTrace& trace() const { return m_trace; }
    ui::DrawingCanvas* canvas() const { return m_canvas; }
    ui::InputGrid* inputGrid() const { return m_inputGrid; }
    ui::PredictionBars* predictionBars() const { return m_bars; }
    ui::TrainingPanel* trainingPanel() const { return m_trainingPanel; }

signals:
    void modelChanged(const QString& description);
    void predictionUpdated();
    void errorShown(const QString& title, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // main_window.cpp: layout, the model and the prediction.
    QWidget* createDrawingSide();
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
    void saveModel();
    void saveModelAsDialog();
    void openDatasetDialog();
    void showAbout();

    // main_window_panels.cpp: the network view, the neuron inspector, the training panel and
    // the loss chart, and everything that talks to them.
    QWidget* createNetworkSide();
    QDockWidget* createTrainingDock();
    void wirePanels();
    void showNetworkInPanels();
    void showTraceInPanels();
    void trainedNetworkArrived(std::shared_ptr<const core::Network> network);
    void trainCurrentModel();
    void stopTraining();
    void exportLossChart(bool csv);
    std::map<std::string, std::string> metadataForSaving() const;

    Settings& m_settings;
    LoadedModel m_model;
    bool m_followTraining = false;  // adopt networks from the training panel as they arrive
    QString m_savePath;             // where Save writes without asking
    Eigen::VectorXf m_input;        // 784, row-major
    core::ForwardTrace m_trace;
    std::unique_ptr<TestDigits> m_testDigits;
    std::unique_ptr<core::DigitGate> m_gate;  // flags inputs that are no digit at all
    std::mt19937_64 m_random{std::random_device{}()};

    ui::DrawingCanvas* m_canvas = nullptr;
    ui::InputGrid* m_inputGrid = nullptr;
    ui::PredictionBars* m_bars = nullptr;
    ui::NetworkView* m_networkView = nullptr;
    ui::NeuronInspector* m_inspector = nullptr;
    ui::TrainingPanel* m_trainingPanel = nullptr;
    ui::LossChart* m_lossChart = nullptr;
    QDockWidget* m_trainingDock = nullptr;
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
