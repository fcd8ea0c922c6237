/** Test images of the Fashion-MNIST subset (one per class) to give the Run tab, as 28×28 PNGs. */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { FASHION_MNIST_CLASSES, type FashionMnist } from '../../runtime/train/fashionMnist';
import { loadFashionMnist } from '../../runtime/train/engine';

function grey(set: FashionMnist, index: number): ImageData {
  const px = set.rows * set.cols;
  const img = new ImageData(set.cols, set.rows);
  for (let i = 0; i < px; i++) {
    const v = set.test.images[index * px + i];
    img.data.set([v, v, v, 255], i * 4);
  }
  return img;
}

function Thumb({ image }: { image: ImageData }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = ref.current!;
    el.width = image.width;
    el.height = image.height;
    el.getContext('2d')!.putImageData(image, 0, 0);
  }, [image]);
  return <canvas ref={ref} aria-hidden="true" />;
}

export function FashionMnistTests({ onPick }: { onPick: (png: Blob, name: string) => void }) {
  const t = useT();
  const [set, setSet] = useState<FashionMnist | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadFashionMnist().then(
      (d) => live && setSet(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <p className="problem">{error}</p>;
  if (!set) return <p className="muted">{t('Loading…')}</p>;
  // The first test image of each class.
  const picks = FASHION_MNIST_CLASSES.map((_, c) => set.test.labels.indexOf(c)).filter((i) => i >= 0);
  const pick = async (index: number) => {
    const canvas = new OffscreenCanvas(set.cols, set.rows);
    canvas.getContext('2d')!.putImageData(grey(set, index), 0, 0);
    const label = FASHION_MNIST_CLASSES[set.test.labels[index]];
    onPick(await canvas.convertToBlob({ type: 'image/png' }), `Fashion-MNIST test image ${index} (${label})`);
  };
  return (
    <div className="fmnist-tests" role="group" aria-label={t('Fashion-MNIST test images')}>
      {picks.map((i) => (
        <button key={i} type="button" onClick={() => void pick(i)} title={`#${i}`} aria-label={`${t('Test image')} ${i}: ${FASHION_MNIST_CLASSES[set.test.labels[i]]}`}>
          <Thumb image={grey(set, i)} />
          <span>{FASHION_MNIST_CLASSES[set.test.labels[i]]}</span>
        </button>
      ))}
    </div>
  );
}
