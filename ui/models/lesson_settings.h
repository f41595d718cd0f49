#pragma once
// A lesson's settings by name — whole numbers, numbers, choices among ids and switches, each
// with its range or valid ids and its default — apart from the widgets that show them. Pages
// bind their widgets to it (ui/panels/settings_binding.h) and observe it; sessions save and
// restore it; tests read and set it without going through widgets.
//
// Every change is checked: a value out of range, an unknown id or a wrong type is refused with a
// message naming the setting, and nothing changes. restoreState() checks every value before it
// applies any; a key missing from the state takes its default, keys it does not know are left to
// the page (its data, its nested parts).

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <map>

namespace ui {

class LessonSettings : public QObject
{
    Q_OBJECT
public:
    explicit LessonSettings(QObject* parent = nullptr);

    // --- declaring (the page's constructor) ---
    void addInt(const QString& key, int min, int max, int defaultValue);
    void addNumber(const QString& key, double min, double max, double defaultValue);
    /// A choice among `ids` (non-empty); defaultId must be one of them.
    void addChoice(const QString& key, const QStringList& ids, const QString& defaultId);
    void addFlag(const QString& key, bool defaultValue);

    // --- reading ---
    int intValue(const QString& key) const;
    double number(const QString& key) const;
    QString choice(const QString& key) const;
    bool flag(const QString& key) const;
    /// The value as stored (int, double, QString or bool).
    QVariant value(const QString& key) const;
    bool contains(const QString& key) const { return m_entries.count(key) > 0; }

    // --- changing ---
    /// Sets one value; returns why it is refused (and changes nothing), or an empty string.
    /// Emits changed(key) if the value differs.
    QString set(const QString& key, const QVariant& value);
    /// Sets several values as one change (a controller's three gains): all are checked first.
    /// Emits changed(key) if one value changed, changed({}) if several did.
    QString setValues(const QJsonObject& values);
    /// The settings as JSON (whole numbers as numbers, choices as their ids).
    QJsonObject saveState() const;
    /// Why `state` would be refused, or an empty string; changes nothing.
    QString check(const QJsonObject& state) const;
    /// The value `state` would give setting `key` (its default when missing); for a state that
    /// passed check(), before restoring it.
    QVariant restoredValue(const QJsonObject& state, const QString& key) const;
    /// Applies every setting of `state` (defaults for missing keys) once all are checked;
    /// returns the refusal otherwise, with nothing changed. Emits changed({}) on success.
    QString restoreState(const QJsonObject& state);

signals:
    /// Setting `key` changed; an empty key: several may have (setValues(), a restored state).
    void changed(const QString& key);

private:
    enum class Kind { Int, Number, Choice, Flag };
    struct Entry
    {
        Kind kind;
        double min = 0.0;
        double max = 0.0;
        QStringList ids;
        QVariant defaultValue;
        QVariant value;
    };

    const Entry& entry(const QString& key) const;
    void add(const QString& key, Entry entry);
    /// `value` converted to the entry's type, or the refusal in `error`.
    static QVariant converted(const QString& key, const Entry& entry, const QVariant& value,
                              QString& error);

    std::map<QString, Entry> m_entries;
};

} // namespace ui
