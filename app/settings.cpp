#include "app/settings.h"

#include <QSettings>
#include <algorithm>
#include <cmath>

namespace digitscope::app {
namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kPenWidth = QStringLiteral("canvas/penWidth");
const QString kAnimation = QStringLiteral("view/animation");
const QString kDataset = QStringLiteral("dataset/folder");
const QString kLastModel = QStringLiteral("model/lastPath");

}  // namespace

Settings::Settings(QObject* parent) : QObject(parent), m_settings(std::make_unique<QSettings>()) {}

Settings::Settings(const QString& iniFile, QObject* parent)
    : QObject(parent), m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat)) {}

Settings::~Settings() = default;

bool Settings::store(const QString& key, const QVariant& value) {
    if (m_settings->contains(key) && m_settings->value(key) == value) return false;
    m_settings->setValue(key, value);
    return true;
}

QByteArray Settings::windowGeometry() const {
    return m_settings->value(kGeometry).toByteArray();
}
void Settings::setWindowGeometry(const QByteArray& geometry) {
    store(kGeometry, geometry);
}
QByteArray Settings::windowState() const {
    return m_settings->value(kState).toByteArray();
}
void Settings::setWindowState(const QByteArray& state) {
    store(kState, state);
}

double Settings::penWidth() const {
    bool ok = false;
    const double width = m_settings->value(kPenWidth, kDefaultPenWidth).toDouble(&ok);
    return ok && std::isfinite(width) ? std::clamp(width, 2.0, 80.0) : kDefaultPenWidth;
}

void Settings::setPenWidth(double width) {
    if (!std::isfinite(width) || width == penWidth()) return;
    if (store(kPenWidth, width)) emit penWidthChanged(width);
}

bool Settings::animationEnabled() const {
    return m_settings->value(kAnimation, true).toBool();
}

void Settings::setAnimationEnabled(bool enabled) {
    if (enabled == animationEnabled()) return;
    if (store(kAnimation, enabled)) emit animationEnabledChanged(enabled);
}

QString Settings::datasetFolder() const {
    return m_settings->value(kDataset).toString();
}

void Settings::setDatasetFolder(const QString& folder) {
    if (folder == datasetFolder()) return;
    if (store(kDataset, folder)) emit datasetFolderChanged(folder);
}

QString Settings::lastModelPath() const {
    return m_settings->value(kLastModel).toString();
}

void Settings::setLastModelPath(const QString& path) {
    if (path == lastModelPath()) return;
    if (store(kLastModel, path)) emit lastModelPathChanged(path);
}

ui::TrainingConfig Settings::training() const {
    return ui::TrainingConfig::load(*m_settings);
}

void Settings::setTraining(const ui::TrainingConfig& training) {
    if (training == this->training()) return;
    training.save(*m_settings);
    emit trainingChanged(training);
}

void Settings::sync() {
    m_settings->sync();
}

}  // namespace digitscope::app
