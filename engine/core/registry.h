#pragma once
// A registry: the entries a user can pick at run time by id (combo boxes, CLI options, saved
// sessions), in menu order. Kernels, acquisitions, designs, benchmark functions,
// multi-fidelity problems and simulators each keep one; a registry is the only place that knows
// the ids it lists. An entry has an id, as a member `id` or a method `id()`.

#include "engine/core/errors.h"

#include <string>
#include <string_view>
#include <vector>

namespace emu {

template <class Entry> class Registry
{
public:
    /// `kind` and `kinds` name an entry and several in messages ("kernel", "kernels").
    Registry(std::string kind, std::string kinds, std::vector<Entry> entries)
        : m_kind(std::move(kind)), m_kinds(std::move(kinds)), m_entries(std::move(entries))
    {
    }

    /// The entry with this id, or nullptr.
    const Entry* find(std::string_view id) const
    {
        for (const Entry& entry : m_entries)
            if (idOf(entry) == id)
                return &entry;
        return nullptr;
    }
    /// The entry with this id; throws InvalidInput naming the valid ids if there is none.
    const Entry& at(std::string_view id) const
    {
        if (const Entry* entry = find(id))
            return *entry;
        throw InvalidInput("unknown " + m_kind + " '" + std::string(id) + "'; valid " + m_kinds +
                           " are: " + idList());
    }
    /// Every id in menu order.
    std::vector<std::string> ids() const
    {
        std::vector<std::string> out;
        for (const Entry& entry : m_entries)
            out.push_back(idOf(entry));
        return out;
    }
    /// The ids in menu order, separated by ", ".
    std::string idList() const
    {
        std::string out;
        for (const Entry& entry : m_entries)
            out += (out.empty() ? "" : ", ") + idOf(entry);
        return out;
    }

    const std::vector<Entry>& entries() const { return m_entries; }
    auto begin() const { return m_entries.begin(); }
    auto end() const { return m_entries.end(); }
    std::size_t size() const { return m_entries.size(); }
    const Entry& operator[](std::size_t i) const { return m_entries[i]; }

private:
    static std::string idOf(const Entry& entry)
    {
        if constexpr (requires { entry.id(); })
            return entry.id();
        else
            return entry.id;
    }

    std::string m_kind;
    std::string m_kinds;
    std::vector<Entry> m_entries;
};

} // namespace emu
