// MSBuild inline task (RoslynCodeTaskFactory, Type="Class"); compiled by MSBuild itself, not by ScoreProbe.Neural.
#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Mono.Cecil;
using Mono.Cecil.Cil;

/// <summary>
/// Writes a copy of TorchSharp.dll whose <c>Scalar</c> joins the current <c>DisposeScope</c> when it is created, as a
/// <c>Tensor</c> does, so that no Scalar made inside a scope can be finalized while native code still reads it.
/// </summary>
/// <remarks>
/// TorchSharp passes <c>scalar.Handle</c> (a raw <c>at::Scalar*</c>) to libtorch and never touches the Scalar again,
/// and most Scalars are temporaries of implicit conversions (<c>t + 0.5</c>, and the <c>alpha = 1</c> that
/// <c>Tensor.add(Tensor)</c> supplies itself). Optimised code reports such a Scalar dead once its handle is read, so a
/// garbage collection started by another thread during the native call lets the finalizer thread delete the
/// <c>at::Scalar</c> while libtorch converts it: "Expected false to be true" from <c>Scalar::toDouble</c>, "Unknown
/// scalar type", or a wrong value (docs/neural.md, "Scalar lifetime"). Tensors do not have this race inside a scope
/// because the scope holds them. The edit appends to the constructor <c>Scalar(IntPtr)</c>, which every Scalar goes
/// through, the call the Tensor constructor makes:
/// <c>DisposeScopeManager.ThreadSingleton.RegisterOnCurrentDisposeScope(this)</c>. The scope then holds the Scalar
/// until it is disposed and disposes it with its tensors; outside any scope nothing changes. The build fails if the
/// constructor or the two members are not found as expected, so a TorchSharp upgrade cannot silently drop the edit.
/// </remarks>
public sealed class PatchScalarLifetime : Task
{
    /// <summary>TorchSharp.dll as shipped.</summary>
    [Required] public string Source { get; set; } = "";

    /// <summary>Where the patched copy goes.</summary>
    [Required] public string Destination { get; set; } = "";

    /// <summary>Mono.Cecil.dll, loaded from here (MSBuild does not resolve an inline task's references by itself).</summary>
    [Required] public string CecilAssembly { get; set; } = "";

    private static string? _cecilPath;

    public override bool Execute()
    {
        if (_cecilPath is null)
            AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
                new AssemblyName(e.Name).Name == "Mono.Cecil" && _cecilPath is not null ? Assembly.LoadFrom(_cecilPath) : null;
        _cecilPath = CecilAssembly;
        return Patch();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Patch()
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Source)!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        using var module = ModuleDefinition.ReadModule(Source, new ReaderParameters { AssemblyResolver = resolver, InMemory = true });

        var scalar = module.GetType("TorchSharp.Scalar");
        var manager = module.GetType("TorchSharp.DisposeScopeManager");
        var constructor = scalar?.Methods.SingleOrDefault(m => m.IsConstructor && !m.IsStatic && m.Parameters.Count == 1
                                                               && m.Parameters[0].ParameterType.FullName == "System.IntPtr");
        var singleton = manager?.Methods.SingleOrDefault(m => m.Name == "get_ThreadSingleton" && m.IsStatic && m.Parameters.Count == 0);
        var register = manager?.Methods.SingleOrDefault(m => m.Name == "RegisterOnCurrentDisposeScope" && m.Parameters.Count == 1
                                                             && m.Parameters[0].ParameterType.FullName == "System.IDisposable");
        var returns = constructor?.Body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList();
        if (constructor is null || singleton is null || register is null || returns is not { Count: 1 })
        {
            Log.LogError($"{Source}: TorchSharp's Scalar(IntPtr) constructor or DisposeScopeManager.RegisterOnCurrentDisposeScope " +
                         "is not as build/PatchScalarLifetime.cs expects (TorchSharp upgraded?); revisit the Scalar lifetime fix (docs/neural.md).");
            return false;
        }

        var il = constructor.Body.GetILProcessor();
        il.InsertBefore(returns[0], il.Create(OpCodes.Call, singleton));
        il.InsertBefore(returns[0], il.Create(OpCodes.Ldarg_0));
        il.InsertBefore(returns[0], il.Create(OpCodes.Callvirt, register));
        il.InsertBefore(returns[0], il.Create(OpCodes.Pop));

        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        var temporary = Destination + ".tmp";
        module.Write(temporary);
        File.Copy(temporary, Destination, overwrite: true);
        File.Delete(temporary);
        Log.LogMessage(MessageImportance.Low, $"Scalar(IntPtr) joins the current DisposeScope in {Destination}");
        return true;
    }
}
