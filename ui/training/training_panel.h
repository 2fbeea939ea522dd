#pragma once

#include <QString>
#include <QWidget>
#include <optional>

#include "session/training/training_config.h"
#include "session/training/training_worker.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace digitscope::ui {

class StrokeDataList;
class TrainingSession;

// The training form and its buttons (Train / Pause / Step / Reset) over a TrainingSession, which
// does the training: the panel turns clicks into the session's actions and shows what the
// session reports. The form is editable while no run is going; the learning rate can change at
// any time.
//
// Settings: restoreSettings / saveSettings read and write the form (TrainingConfig, the keys of
// the group "training"); config() / setConfig() give the same without QSettings.
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(TrainingSession& session, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    TrainingSession& session() const { return m_session; }
    // As high as its wrapped labels need at its width: QLabel's own hint for wrapped text
    // guesses a narrow width and many lines, and the splitter gave the panel that height.
    QSize sizeHint() const override;
    TrainingConfig config() const;  // what the form holds
    void setConfig(const TrainingConfig& config);
    // The form to remember for next time: while a model is trained further the form shows its
    // architecture and a lower rate, but the user's own choices are what is remembered.
    TrainingConfig rememberedConfig() const;
    void restoreSettings(QSettings& settings);
    void saveSettings(QSettings& settings) const;

    // Whether the model the next Train trains is the one the window shows; when it is not,
    // the panel says so and offers to train the shown model instead.
    void setTargetShown(bool shown);
    // The user's My digits file and how many drawings it holds: offered in the pen-data list.
    void setMyDigits(const QString& path, int count);

    // The form as the `digitscope-cli train` line that reproduces its run on the loaded dataset
    // (every setting and the seed); Copy experiment puts it on the clipboard.
    QString experimentLine() const;
    void copyExperiment();
    // Sets every field from `experiment`, and loads its dataset when that is another folder
    // that exists. Says in the panel what it did, or why the form cannot hold the experiment.
    void applyExperiment(const core::Experiment& experiment);

    // The buttons' actions.
    void train();
    void pause();
    void step();
    void reset();

signals:
    void trainShownModelRequested();
    // Paste experiment was clicked with this text on the clipboard: the window reads it as the
    // CLI reads a train command (one parser) and hands it back through applyExperiment.
    void experimentPasted(const QString& text);

private:
    void buildForm();
    void connectSession();
    void chooseFolder();
    void updateControls();
    void updateArchitectureLabel();
    void updateTarget();
    void optimizerChanged();
    void learningRateChanged(double rate);
    void architectureEdited();
    void startModelChanged();
    void showDataset();
    void showProgress(const TrainingProgress& progress);
    void clearProgress();
    void showTrouble();  // the active run's trouble, hidden when it has none

    TrainingSession& m_session;
    core::OptimizerKind m_shownOptimizer = core::OptimizerKind::Adam;
    std::optional<TrainingConfig> m_ownConfig;  // the user's form while training further
    bool m_targetShown = true;
    bool m_showingStartModel = false;  // the form is being set to the start model

    QLabel* m_datasetLabel = nullptr;
    QPushButton* m_chooseButton = nullptr;
    QLabel* m_targetLabel = nullptr;
    QPushButton* m_trainShownButton = nullptr;
    QLineEdit* m_hiddenEdit = nullptr;
    QLabel* m_architectureLabel = nullptr;
    QComboBox* m_activationBox = nullptr;
    QComboBox* m_lossBox = nullptr;
    QComboBox* m_optimizerBox = nullptr;
    QDoubleSpinBox* m_rateSpin = nullptr;
    QComboBox* m_scheduleBox = nullptr;
    QDoubleSpinBox* m_decaySpin = nullptr;
    QSpinBox* m_batchSpin = nullptr;
    QSpinBox* m_epochsSpin = nullptr;
    QSpinBox* m_seedSpin = nullptr;
    QCheckBox* m_augmentBox = nullptr;
    QDoubleSpinBox* m_augmentStrengthSpin = nullptr;
    QCheckBox* m_padStrokesBox = nullptr;
    QDoubleSpinBox* m_padShareSpin = nullptr;
    QSpinBox* m_limitSpin = nullptr;  // training-set limit, 0 = all
    StrokeDataList* m_strokeData = nullptr;
    QPushButton* m_copyButton = nullptr;
    QPushButton* m_pasteButton = nullptr;
    QPushButton* m_trainButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_stepButton = nullptr;
    QPushButton* m_resetButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_troubleLabel = nullptr;
    QLabel* m_stepLabel = nullptr;  // what the last Step did, until Train or Reset  // what went
                                    // wrong with the active run, what to try
    QLabel* m_rateNote = nullptr;   // a typed rate beyond the limit
};

}  // namespace digitscope::ui
