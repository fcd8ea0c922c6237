/** Mounts: the live-model panel's network weights, and the Run tab's offer beside the random-weights notice. */
import type { ResNetSpec } from '../../core';
import type { RemoteWeights } from '../../runtime/weights/remote';
import { HubOpen } from './HubOpen';
import { ImagenetWeights } from './ImagenetWeights';
import { RemoteStatus } from './RemoteStatus';
import { StoredWeightsList } from './StoredWeightsList';
import { WeightsLink } from './WeightsLink';

export function WeightsFromNetwork({ remote, spec }: { remote: RemoteWeights; spec: ResNetSpec }) {
  return (
    <div className="weights-from-network">
      <ImagenetWeights remote={remote} spec={spec} />
      <RemoteStatus remote={remote} />
      {remote.hub && <HubOpen hub={remote.hub} remote={remote} />}
      {remote.hub && <RemoteStatus remote={remote} part="hub" />}
      <WeightsLink remote={remote} />
      <StoredWeightsList remote={remote} />
    </div>
  );
}

export function ImagenetWeightsOffer({ remote, spec }: { remote: RemoteWeights; spec: ResNetSpec }) {
  return (
    <>
      <ImagenetWeights remote={remote} spec={spec} compact />
      <RemoteStatus remote={remote} />
    </>
  );
}
