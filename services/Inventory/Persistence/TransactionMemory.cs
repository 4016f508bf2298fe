using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Inventory.Persistence;

/// <summary>
/// What a unit of work may remember about rows it holds locked: valid only inside the transaction that read them.
/// A replayed unit (a new transaction after a transient failure) or the next unit on the same context starts empty.
/// </summary>
public sealed class TransactionMemory<TKey, TValue>(DbContext db) where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _values = [];
    private object? _transaction;

    public Dictionary<TKey, TValue> Values
    {
        get
        {
            if (!ReferenceEquals(_transaction, db.Database.CurrentTransaction))
            {
                _values.Clear();
                _transaction = db.Database.CurrentTransaction;
            }

            return _values;
        }
    }
}
