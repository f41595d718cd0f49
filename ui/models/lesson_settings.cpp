#include "ui/models/lesson_settings.h"

#include <QJsonValue>

#include <cmath>
#include <stdexcept>

namespace ui {

namespace {

QString shown(const QVariant& value)
{
    if (value.typeId() == QMetaType::QString)
        return QStringLiteral("\"%1\"").arg(value.toString());
    if (!value.isValid() || value.isNull())
        return QStringLiteral("nothing");
    return value.toString();
}

} // namespace

LessonSettings::LessonSettings(QObject* parent) : QObject(parent) {}

void LessonSettings::add(const QString& key, Entry entry)
{
    // A wrong declaration is a bug in the page, not bad input: fail loudly at once.
    if (m_entries.count(key))
        throw std::logic_error("setting declared twice: " + key.toStdString());
    QString error;
    entry.value = converted(key, entry, entry.defaultValue, error);
    if (!error.isEmpty())
        throw std::logic_error("bad default: " + error.toStdString());
    entry.defaultValue = entry.value;
    m_entries.emplace(key, std::move(entry));
}

void LessonSettings::addInt(const QString& key, int min, int max, int defaultValue)
{
    add(key, Entry{Kind::Int, double(min), double(max), {}, defaultValue, {}});
}

void LessonSettings::addNumber(const QString& key, double min, double max, double defaultValue)
{
    add(key, Entry{Kind::Number, min, max, {}, defaultValue, {}});
}

void LessonSettings::addChoice(const QString& key, const QStringList& ids, const QString& defaultId)
{
    add(key, Entry{Kind::Choice, 0.0, 0.0, ids, defaultId, {}});
}

void LessonSettings::addFlag(const QString& key, bool defaultValue)
{
    add(key, Entry{Kind::Flag, 0.0, 0.0, {}, defaultValue, {}});
}

const LessonSettings::Entry& LessonSettings::entry(const QString& key) const
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        throw std::logic_error("no such setting: " + key.toStdString());
    return it->second;
}

int LessonSettings::intValue(const QString& key) const
{
    return entry(key).value.toInt();
}

double LessonSettings::number(const QString& key) const
{
    return entry(key).value.toDouble();
}

QString LessonSettings::choice(const QString& key) const
{
    return entry(key).value.toString();
}

bool LessonSettings::flag(const QString& key) const
{
    return entry(key).value.toBool();
}

QVariant LessonSettings::value(const QString& key) const
{
    return entry(key).value;
}

QVariant LessonSettings::converted(const QString& key, const Entry& entry, const QVariant& value,
                                   QString& error)
{
    const bool isNumber = value.typeId() == QMetaType::Int || value.typeId() == QMetaType::Double ||
                          value.typeId() == QMetaType::LongLong;
    switch (entry.kind) {
    case Kind::Int: {
        const double d = isNumber ? value.toDouble() : std::nan("");
        if (!isNumber || d != std::floor(d) || d < entry.min || d > entry.max) {
            error = tr("\"%1\" must be a whole number from %2 to %3, not %4")
                        .arg(key)
                        .arg(entry.min)
                        .arg(entry.max)
                        .arg(shown(value));
            return {};
        }
        return int(d);
    }
    case Kind::Number: {
        const double d = isNumber ? value.toDouble() : std::nan("");
        if (!std::isfinite(d) || d < entry.min || d > entry.max) {
            error = tr("\"%1\" must be a number from %2 to %3, not %4")
                        .arg(key)
                        .arg(entry.min)
                        .arg(entry.max)
                        .arg(shown(value));
            return {};
        }
        return d;
    }
    case Kind::Choice:
        if (value.typeId() != QMetaType::QString || !entry.ids.contains(value.toString())) {
            error = tr("\"%1\" must be one of %2, not %3").arg(key, entry.ids.join(QStringLiteral(", ")), shown(value));
            return {};
        }
        return value.toString();
    case Kind::Flag:
        if (value.typeId() != QMetaType::Bool) {
            error = tr("\"%1\" must be true or false, not %2").arg(key, shown(value));
            return {};
        }
        return value.toBool();
    }
    return {};
}

QString LessonSettings::set(const QString& key, const QVariant& value)
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return tr("there is no setting \"%1\"").arg(key);
    QString error;
    const QVariant v = converted(key, it->second, value, error);
    if (!error.isEmpty())
        return error;
    if (v != it->second.value) {
        it->second.value = v;
        emit changed(key);
    }
    return {};
}

QString LessonSettings::setValues(const QJsonObject& values)
{
    for (auto it = values.begin(); it != values.end(); ++it)
        if (!contains(it.key()))
            return tr("there is no setting \"%1\"").arg(it.key());
    if (const QString error = check(values); !error.isEmpty())
        return error;
    QStringList changedKeys;
    for (auto it = values.begin(); it != values.end(); ++it) {
        Entry& e = m_entries.at(it.key());
        QString unused;
        const QVariant v = converted(it.key(), e, it.value().toVariant(), unused);
        if (v != e.value) {
            e.value = v;
            changedKeys << it.key();
        }
    }
    if (!changedKeys.isEmpty())
        emit changed(changedKeys.size() == 1 ? changedKeys.front() : QString());
    return {};
}

QJsonObject LessonSettings::saveState() const
{
    QJsonObject state;
    for (const auto& [key, e] : m_entries)
        state.insert(key, QJsonValue::fromVariant(e.value));
    return state;
}

QString LessonSettings::check(const QJsonObject& state) const
{
    for (const auto& [key, e] : m_entries) {
        if (!state.contains(key))
            continue;
        QString error;
        converted(key, e, state.value(key).toVariant(), error);
        if (!error.isEmpty())
            return error;
    }
    return {};
}

QVariant LessonSettings::restoredValue(const QJsonObject& state, const QString& key) const
{
    const Entry& e = entry(key);
    if (!state.contains(key))
        return e.defaultValue;
    QString unused;
    return converted(key, e, state.value(key).toVariant(), unused);
}

QString LessonSettings::restoreState(const QJsonObject& state)
{
    if (const QString error = check(state); !error.isEmpty())
        return error;
    for (auto& [key, e] : m_entries)
        e.value = restoredValue(state, key);
    emit changed(QString());
    return {};
}

} // namespace ui
