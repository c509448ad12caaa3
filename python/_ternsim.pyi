"""Type stub of the C++ extension `_ternsim` (python/src/module.cpp). Use it through `ternsim`."""
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

__version__: str

class ConfigError(ValueError): ...
class MappingError(ValueError): ...
class SimulationCrash(RuntimeError): ...

def run(
    arch: Union[str, Mapping[str, Any]],
    workload: Union[str, Mapping[str, Any]],
    overrides: Optional[Union[Mapping[str, Any], Sequence[str]]] = None,
    base_dir: Optional[str] = None,
    with_ops: bool = True,
) -> Dict[str, Any]: ...
