#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <memory>

#include "session/training/training_config.h"

class QSettings;

namespace digitscope::app {

// The one typed wrapper around QSettings. Setters write only real changes and only then emit
// the matching signal, so listeners never see a change that was not one.
class Settings : public QObject {
    Q_OBJECT
public:
    // The user's settings (QSettings' organisation and application names).
    explicit Settings(QObject* parent = nullptr);
    // Settings kept in an INI file (tests, screenshots).
    explicit Settings(const QString& iniFile, QObject* parent = nullptr);
    ~Settings() override;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;  // docks and toolbars
    void setWindowState(const QByteArray& state);

    double penWidth() const;  // canvas pixels, default 18
    void setPenWidth(double width);
    bool animationEnabled() const;
    void setAnimationEnabled(bool enabled);

    QString datasetFolder() const;  // empty when never chosen
    void setDatasetFolder(const QString& folder);
    QString lastModelPath() const;  // the last model file opened or saved
    void setLastModelPath(const QString& path);

    // The training panel's form (ui::TrainingConfig's own keys, group "training").
    ui::TrainingConfig training() const;
    void setTraining(const ui::TrainingConfig& training);

    void sync();

    static constexpr double kDefaultPenWidth = 18.0;

signals:
    void penWidthChanged(double width);
    void animationEnabledChanged(bool enabled);
    void datasetFolderChanged(const QString& folder);
    void lastModelPathChanged(const QString& path);
    void trainingChanged(const digitscope::ui::TrainingConfig& training);

private:
    // Writes `value` under `key` when it differs from what is stored; true when it did.
    bool store(const QString& key, const QVariant& value);

    std::unique_ptr<QSettings> m_settings;
};

}  // namespace digitscope::app
